import { describe, expect, it } from 'vitest';
import { metricColumns, parseMetrics } from '../../../../app/lib/results/method-metrics';

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
});
