/**
 * A single-image (HYPE) analysis as one long CSV with the same columns as formatCsv
 * (section, method, method_b, image, participant, statistic, value): a row per figure, so
 * R, pandas or a spreadsheet filter it by section and statistic. Rates are proportions,
 * times ms. Section "staircase" has, per participant and method, its summary and a row per
 * trial: statistic trial_<trialIndex>_exposure_ms, with the trial's photo in the image column.
 */
import { ANALYSIS_CSV_COLUMNS } from './format-csv';
import type { BootstrapSummary } from './bootstrap-summary';
import type { ErrorRate, HypeAnalysis } from './hype-analysis';

type Value = string | number | boolean | null;

function cell(value: Value): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatHypeCsv(a: HypeAnalysis): string {
  const lines: string[] = [ANALYSIS_CSV_COLUMNS.join(',')];
  const add = (section: string, where: { method?: string; methodB?: string; image?: string; participant?: string }, statistic: string, value: Value) =>
    lines.push([section, where.method ?? '', where.methodB ?? '', where.image ?? '', where.participant ?? '', statistic, value].map((v) => cell(v as Value)).join(','));
  const boot = (section: string, where: { method?: string; methodB?: string }, prefix: string, b: BootstrapSummary | null) => {
    add(section, where, `${prefix}_se`, b?.se ?? null);
    add(section, where, `${prefix}_lower`, b?.lower ?? null);
    add(section, where, `${prefix}_upper`, b?.upper ?? null);
  };
  const rate = (where: { method: string }, prefix: string, e: ErrorRate) => {
    add('method', where, `${prefix}_trials`, e.trials);
    add('method', where, `${prefix}_errors`, e.errors);
    add('method', where, `${prefix}_rate`, e.rate);
    add('method', where, `${prefix}_wilson_lower`, e.wilson?.lower ?? null);
    add('method', where, `${prefix}_wilson_upper`, e.wilson?.upper ?? null);
    boot('method', where, `${prefix}_bootstrap`, e.participantBootstrap);
  };

  const m = a.meta;
  for (const [key, value] of Object.entries({ ...m, references: undefined, fastRule: undefined })) {
    if (value !== undefined) add('meta', {}, key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value as Value);
  }
  add('meta', {}, 'fast_min_rt_ms', m.fastRule?.minRtMs ?? null);
  add('meta', {}, 'fast_max_share', m.fastRule?.maxFastShare ?? null);
  add('meta', {}, 'reference_chance', m.references.chance);
  for (const [key, value] of Object.entries(a.totals)) add('totals', {}, key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value);

  for (const s of a.methods) {
    const w = { method: s.method };
    add('method', w, 'participants', s.participants);
    add('method', w, 'images', s.images);
    if (s.threshold) {
      add('method', w, 'hype_time_ms', s.threshold.meanMs);
      add('method', w, 'hype_time_sd_ms', s.threshold.sdMs);
      add('method', w, 'hype_time_participants', s.threshold.participants);
      add('method', w, 'hype_time_converged', s.threshold.converged);
      boot('method', w, 'hype_time_bootstrap', s.threshold.participantBootstrap);
      boot('method', w, 'hype_time_two_way', s.threshold.twoWayBootstrap);
    }
    rate(w, 'error', s.error);
    boot('method', w, 'error_two_way', s.error.twoWayBootstrap);
    add('method', w, 'error_p_vs_chance', s.error.pVsChance);
    add('method', w, 'error_bootstrap_p_vs_chance', s.error.bootstrapPVsChance);
    rate(w, 'fake_error', s.fakeError);
    rate(w, 'real_error', s.realError);
    add('method', w, 'rt_median_ms', s.responseTimes.median);
    add('method', w, 'note', s.note);
  }
  for (const c of a.comparisons) {
    const w = { method: c.methodA, methodB: c.methodB };
    add('comparison', w, `${c.statistic === 'thresholdMs' ? 'hype_time_ms' : 'error_rate'}_difference`, c.difference);
    boot('comparison', w, 'bootstrap', c.bootstrap);
  }
  if (a.exposure) {
    const { byLevel, ...rest } = a.exposure;
    for (const [key, value] of Object.entries(rest)) add('exposure', {}, key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value);
    for (const l of byLevel) {
      add('exposure', {}, `level_${l.requestedMs}_measured`, l.measured);
      add('exposure', {}, `level_${l.requestedMs}_mean_achieved_ms`, l.meanAchievedMs);
      add('exposure', {}, `level_${l.requestedMs}_max_abs_deviation_ms`, l.maxAbsDeviationMs);
    }
  }
  for (const p of a.participants) {
    const w = { participant: p.participant };
    add('participant', w, 'session', p.session);
    add('participant', w, 'excluded', p.excluded);
    add('participant', w, 'qualification_correct', p.qualificationCorrect);
    add('participant', w, 'qualification_trials', p.qualificationTrials);
    add('participant', w, 'passed_qualification', p.passedQualification);
    add('participant', w, 'attention_correct', p.attentionCorrect);
    add('participant', w, 'attention_trials', p.attentionTrials);
    add('participant', w, 'test_trials', p.testTrials);
    add('participant', w, 'error_rate', p.errorRate);
    add('participant', w, 'reason', p.reason);
  }
  for (const s of a.staircases) {
    const w = { method: s.method, participant: s.participant };
    add('staircase', w, 'threshold_ms', s.thresholdMs);
    add('staircase', w, 'reversal_mean_ms', s.reversalMeanMs);
    add('staircase', w, 'reversals', s.reversals.length);
    add('staircase', w, 'counted_from', s.countedFrom);
    add('staircase', w, 'counted', s.counted);
    s.points.forEach((p) => add('staircase', { ...w, image: p.image }, `trial_${p.trialIndex}_exposure_ms`, p.exposureMs));
  }
  return lines.join('\n') + '\n';
}
