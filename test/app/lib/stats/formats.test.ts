import { describe, expect, it } from 'vitest';
import { analyseStudy } from '../../../../app/lib/stats/analyse-study';
import { simulateStudyRows } from '../../../../app/lib/stats/simulate-study-rows';
import { formatCsv, ANALYSIS_CSV_COLUMNS } from '../../../../app/lib/stats/format-csv';
import { formatJson } from '../../../../app/lib/stats/format-json';
import { formatMarkdown } from '../../../../app/lib/stats/format-markdown';
import { formatPlan } from '../../../../app/lib/stats/format-plan';
import { pValue, percent, percentInterval, points } from '../../../../app/lib/stats/format-figures';
import { bootstrapPValue } from '../../../../app/lib/stats/bootstrap-p-value';
import { planParticipants } from '../../../../app/lib/stats/plan-participants';
import { parseCsv } from '../../../../app/lib/trials/parse-csv';

const rows = simulateStudyRows({
  methods: [{ name: 'zhang', rate: 0.32 }, { name: 'l2, "plain"', rate: 0.21 }],
  participantsPerMethod: 12, trialsPerParticipant: 10, icc: 0.05, attentionTrials: 2, inattentive: 0.3, images: 20, seed: 2,
});
const analysis = analyseStudy(rows, { resamples: 300, seed: 7, methods: ['zhang', 'l2, "plain"', 'coherent'] });

describe('formatJson', () => {
  it('is the analysis object, byte-identical for the same data and seed', () => {
    const text = formatJson(analysis);
    expect(JSON.parse(text)).toEqual(analysis);
    expect(formatJson(analyseStudy([...rows].reverse(), { resamples: 300, seed: 7, methods: ['zhang', 'l2, "plain"', 'coherent'] }))).toBe(text);
    expect(text).not.toMatch(/NaN|undefined/);
  });
});

describe('formatCsv', () => {
  const records = parseCsv(formatCsv(analysis));
  const value = (section: string, statistic: string, where: Partial<Record<'method' | 'method_b' | 'image' | 'participant', string>> = {}) => {
    const hit = records.filter(
      (r) =>
        r.fields[0] === section && r.fields[5] === statistic &&
        (where.method ?? '') === r.fields[1] && (where.method_b ?? '') === r.fields[2] &&
        (where.image ?? '') === r.fields[3] && (where.participant ?? '') === r.fields[4],
    );
    expect(hit, `${section}/${statistic}`).toHaveLength(1);
    return hit[0].fields[6];
  };

  it('holds every figure in a long table that reads back exactly', () => {
    expect(records[0].fields).toEqual([...ANALYSIS_CSV_COLUMNS]);
    for (const r of records) expect(r.fields).toHaveLength(7);
    expect(value('meta', 'seed')).toBe('7');
    expect(value('meta', 'version')).toBe(analysis.meta.version);
    const zhang = analysis.methods[0];
    expect(Number(value('method', 'fooling_rate', { method: 'zhang' }))).toBe(zhang.foolingRate);
    expect(Number(value('method', 'cluster_bootstrap_se', { method: 'zhang' }))).toBe(zhang.clusterBootstrap!.se);
    expect(Number(value('method', 'bootstrap_p_vs_zhang', { method: 'zhang' }))).toBe(zhang.vsZhang!.bootstrapPValue);
    expect(Number(value('method', 'trials', { method: 'l2, "plain"' }))).toBe(analysis.methods[1].trials);
    const c = analysis.comparisons[0];
    expect(Number(value('comparison', 'p_holm', { method: c.methodA, method_b: c.methodB }))).toBe(c.pHolm);
    expect(value('totals', 'excluded_participants')).toBe(String(analysis.totals.excludedParticipants));
    const img = analysis.images[0];
    expect(Number(value('image', 'fooling_rate', { image: img.image, method: img.byMethod[0].method }))).toBe(img.byMethod[0].foolingRate);
    const p = analysis.participants.find((x) => x.excluded)!;
    expect(value('participant', 'reason', { participant: p.participant })).toBe(p.reason);
    expect(value('note', 'note_1')).toBe(analysis.notes[0]);
    // No fast-answer rule given: its two meta cells are empty.
    expect([value('meta', 'fast_min_rt_ms'), value('meta', 'fast_max_share')]).toEqual(['', '']);
    const ruled = parseCsv(formatCsv(analyseStudy(rows, { resamples: 100, seed: 7, fastRule: { minRtMs: 250, maxFastShare: 0.2 } })));
    const meta = (name: string) => ruled.find((r) => r.fields[0] === 'meta' && r.fields[5] === name)!.fields[6];
    expect([meta('fast_min_rt_ms'), meta('fast_max_share')]).toEqual(['250', '0.2']);
  });

  it('leaves missing figures empty', () => {
    expect(value('method', 'fooling_rate', { method: 'coherent' })).toBe('');
    expect(value('method', 'note', { method: 'coherent' })).toBe('no test trials');
    expect(formatCsv(analysis)).not.toMatch(/NaN|undefined/);
  });
});

describe('formatMarkdown', () => {
  it('shows the method table, comparisons, times and exclusions, with dashes for missing figures', () => {
    const md = formatMarkdown(analysis);
    const zhang = analysis.methods[0];
    expect(md).toContain(`| zhang | ${zhang.participants} | ${zhang.trials} | ${zhang.fooled} | ${percent(zhang.foolingRate)} | ±${(100 * zhang.clusterBootstrap!.se).toFixed(1)} |`);
    expect(md).toContain('| coherent | 0 | 0 | 0 | – | – | – | – | – | – | – | – | – |');
    expect(md).toContain('l2, "plain"');
    expect(md).toContain(analysis.notes[0]);
    expect(md).toContain('## Comparisons');
    expect(md).toContain(`Seed 7; 300 bootstrap resamples`);
    expect(md).not.toMatch(/NaN|undefined|null/);
    expect(md).not.toContain('## Per image');
    const details = formatMarkdown(analysis, { details: true });
    expect(details).toContain('## Per image');
    expect(details).toContain(`| ${analysis.participants[0].participant} |`);
  });
});

describe('formatPlan', () => {
  it('writes the plan in each format', () => {
    const plan = planParticipants({ p1: 0.32, p2: 0.4, trialsPerParticipant: 40, icc: 0, simulations: 400, seed: 3 });
    expect(JSON.parse(formatPlan(plan, 'json', '9.9.9', ['from pilot']))).toEqual({ version: '9.9.9', ...plan, notes: ['from pilot'] });
    expect(formatPlan(plan, 'md', '9.9.9', ['from pilot'])).toContain('- from pilot');
    expect(formatPlan(plan, 'csv', '9.9.9')).toContain(`participants_per_method,${plan.participantsPerMethod}\n`);
    expect(formatPlan(plan, 'md', '9.9.9')).toContain(`**${plan.participantsPerMethod} participants per method**`);
  });
});

describe('figures', () => {
  it('prints rates, intervals, differences and p-values', () => {
    expect(percent(0.3234)).toBe('32.3%');
    expect(percent(null)).toBe('–');
    expect(percentInterval({ lower: 0.301, upper: 0.3456 })).toBe('30.1–34.6%');
    expect(points(0.0921)).toBe('+9.2 pts');
    expect(points(-0.05)).toBe('-5.0 pts');
    expect([pValue(1), pValue(0.0123), pValue(0.00012), pValue(3.2e-9), pValue(0)]).toEqual(['1', '0.012', '1.2e-4', '3.2e-9', '0']);
  });
});

describe('bootstrapPValue', () => {
  it('doubles the smaller tail share, with the +1 terms', () => {
    const reps = Float64Array.of(0.1, 0.2, 0.3, 0.4);
    expect(bootstrapPValue(reps, 0.35)).toBeCloseTo(3 / 5, 15); // one replicate above: (1 + 2) / 5
    expect(bootstrapPValue(reps, 0.5)).toBeCloseTo(1 / 5, 15); // none above
    expect(bootstrapPValue(reps, 0.25)).toBe(1); // two on each side: (1 + 4) / 5
  });
});
