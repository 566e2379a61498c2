/**
 * The analysis as one "long" CSV: a row per figure, with the columns
 * section, method, method_b, image, participant, statistic, value
 * so that every figure of the analysis (and the seed and version that produced it) lands in
 * one file that R (`read.csv`), pandas or a spreadsheet filter by section and statistic.
 * Rates are proportions (0..1), not percentages; empty value = not available.
 */
import type { StudyAnalysis } from './study-analysis';
import type { TimeSummary } from './summarise-times';

export const ANALYSIS_CSV_COLUMNS = ['section', 'method', 'method_b', 'image', 'participant', 'statistic', 'value'] as const;

type Value = string | number | boolean | null;

function cell(value: Value): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatCsv(a: StudyAnalysis): string {
  const lines: string[] = [ANALYSIS_CSV_COLUMNS.join(',')];
  const add = (section: string, where: { method?: string; methodB?: string; image?: string; participant?: string }, statistic: string, value: Value) =>
    lines.push([section, where.method ?? '', where.methodB ?? '', where.image ?? '', where.participant ?? '', statistic, value].map((v) => cell(v as Value)).join(','));
  const times = (section: string, where: { method?: string }, prefix: string, t: TimeSummary) => {
    add(section, where, `${prefix}n`, t.n);
    add(section, where, `${prefix}median_ms`, t.median);
    add(section, where, `${prefix}q1_ms`, t.q1);
    add(section, where, `${prefix}q3_ms`, t.q3);
    add(section, where, `${prefix}iqr_ms`, t.iqr);
  };

  const m = a.meta;
  add('meta', {}, 'version', m.version);
  add('meta', {}, 'seed', m.seed);
  add('meta', {}, 'resamples', m.resamples);
  add('meta', {}, 'permutations', m.permutations);
  add('meta', {}, 'confidence', m.confidence);
  add('meta', {}, 'attention_threshold', m.attentionThreshold);
  add('meta', {}, 'fast_min_rt_ms', m.fastRule?.minRtMs ?? null);
  add('meta', {}, 'fast_max_share', m.fastRule?.maxFastShare ?? null);
  add('meta', {}, 'study', m.study);
  add('meta', {}, 'protocol', m.protocol);
  add('meta', {}, 'reference_chance', m.references.chance);
  add('meta', {}, 'reference_zhang', m.references.zhang);
  add('meta', {}, 'pooled_icc', a.pooledIcc);
  for (const [key, value] of Object.entries(a.totals)) add('totals', {}, key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value);

  for (const s of a.methods) {
    const w = { method: s.method };
    add('method', w, 'participants', s.participants);
    add('method', w, 'trials', s.trials);
    add('method', w, 'images', s.images);
    add('method', w, 'fooled', s.fooled);
    add('method', w, 'fooling_rate', s.foolingRate);
    add('method', w, 'binomial_se', s.binomialSe);
    add('method', w, 'wilson_lower', s.wilson?.lower ?? null);
    add('method', w, 'wilson_upper', s.wilson?.upper ?? null);
    add('method', w, 'clopper_pearson_lower', s.clopperPearson?.lower ?? null);
    add('method', w, 'clopper_pearson_upper', s.clopperPearson?.upper ?? null);
    add('method', w, 'p_vs_chance', s.vsChance?.pValue ?? null);
    add('method', w, 'p_vs_zhang', s.vsZhang?.pValue ?? null);
    add('method', w, 'bootstrap_p_vs_chance', s.vsChance?.bootstrapPValue ?? null);
    add('method', w, 'bootstrap_p_vs_zhang', s.vsZhang?.bootstrapPValue ?? null);
    add('method', w, 'cluster_bootstrap_se', s.clusterBootstrap?.se ?? null);
    add('method', w, 'cluster_bootstrap_lower', s.clusterBootstrap?.lower ?? null);
    add('method', w, 'cluster_bootstrap_upper', s.clusterBootstrap?.upper ?? null);
    add('method', w, 'two_way_bootstrap_se', s.twoWayBootstrap?.se ?? null);
    add('method', w, 'two_way_bootstrap_lower', s.twoWayBootstrap?.lower ?? null);
    add('method', w, 'two_way_bootstrap_upper', s.twoWayBootstrap?.upper ?? null);
    add('method', w, 'icc', s.icc);
    add('method', w, 'design_effect', s.designEffect);
    add('method', w, 'effective_trials', s.effectiveTrials);
    times('method', w, 'rt_', s.responseTimes);
    add('method', w, 'note', s.note);
  }
  for (const c of a.comparisons) {
    const w = { method: c.methodA, methodB: c.methodB };
    add('comparison', w, 'design', c.design);
    add('comparison', w, 'difference', c.difference);
    add('comparison', w, 'bootstrap_se', c.bootstrap.se);
    add('comparison', w, 'bootstrap_lower', c.bootstrap.lower);
    add('comparison', w, 'bootstrap_upper', c.bootstrap.upper);
    add('comparison', w, 'p_value', c.pValue);
    add('comparison', w, 'p_holm', c.pHolm);
    add('comparison', w, 'significant', c.significant);
  }
  times('response_times', {}, 'all_', a.responseTimes.all);
  times('response_times', {}, 'fooled_', a.responseTimes.fooled);
  times('response_times', {}, 'not_fooled_', a.responseTimes.notFooled);
  for (const img of a.images) {
    add('image', { image: img.image }, 'trials', img.trials);
    add('image', { image: img.image }, 'fooled', img.fooled);
    add('image', { image: img.image }, 'fooling_rate', img.foolingRate);
    for (const c of img.byMethod) {
      const w = { image: img.image, method: c.method };
      add('image', w, 'trials', c.trials);
      add('image', w, 'fooled', c.fooled);
      add('image', w, 'fooling_rate', c.foolingRate);
    }
  }
  for (const p of a.participants) {
    const w = { participant: p.participant };
    add('participant', w, 'session', p.session);
    add('participant', w, 'methods', p.methods.join(' '));
    add('participant', w, 'test_trials', p.testTrials);
    add('participant', w, 'fooled', p.fooled);
    add('participant', w, 'fooling_rate', p.foolingRate);
    add('participant', w, 'median_rt_ms', p.medianRtMs);
    add('participant', w, 'attention_trials', p.attentionTrials);
    add('participant', w, 'attention_correct', p.attentionCorrect);
    add('participant', w, 'attention_accuracy', p.attentionAccuracy);
    add('participant', w, 'excluded', p.excluded);
    add('participant', w, 'reason', p.reason);
  }
  a.notes.forEach((note, i) => add('note', {}, `note_${i + 1}`, note));
  return lines.join('\n') + '\n';
}
