import { describe, expect, it } from 'vitest';
import { baselineRows, metricColumns, ownMetrics, parseMetrics } from '../../../../app/lib/results/method-metrics';

describe('method metrics', () => {
  it('keeps finite numbers only and orders known columns first, the image count as an integer', () => {
    const a = parseMetrics(JSON.stringify({ n: 24, zeta: 1, psnr: 21.5, auc: 0.9, bad: 'x', inf: null }));
    expect(a).toEqual({ n: 24, zeta: 1, psnr: 21.5, auc: 0.9 });
    const cols = metricColumns([a, null, { coherence: 2 }]);
    expect(cols.map((c) => c.key)).toEqual(['auc', 'psnr', 'coherence', 'n', 'zeta']);
    expect(cols.find((c) => c.key === 'n')).toMatchObject({ label: 'Images', digits: 0 });
    expect(parseMetrics('not json')).toBeNull();
    expect(parseMetrics('[1,2]')).toBeNull();
  });

  it('splits the stored baselines into rows of their own, not columns', () => {
    const zhang = { auc: 0.8, aucRebal: 0.6, r: 0.3, 'baseline.grayscale.auc': 0.88, 'baseline.grayscale.aucRebal': 0.58, 'baseline.constant.auc': 0.89 };
    const coherent = { auc: 0.7, 'baseline.grayscale.auc': 0.5 };
    expect(ownMetrics(zhang)).toEqual({ auc: 0.8, aucRebal: 0.6, r: 0.3 });
    expect(ownMetrics({ 'baseline.grayscale.auc': 1 })).toBeNull();
    expect(baselineRows([null, zhang, coherent])).toEqual([
      { method: 'grayscale', values: { auc: 0.88, aucRebal: 0.58 } },
      { method: 'constant', values: { auc: 0.89 } },
    ]);
    expect(baselineRows([{ auc: 1 }, null])).toEqual([]);
    const cols = metricColumns([zhang, coherent]);
    expect(cols.map((c) => c.key)).toEqual(['auc', 'aucRebal', 'r']);
    expect(cols.find((c) => c.key === 'aucRebal')).toMatchObject({ label: 'AuC rebal.', better: 'higher' });
  });
});
