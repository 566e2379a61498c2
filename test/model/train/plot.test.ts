import { describe, expect, it } from 'vitest';
import { lossCurveSvg, niceTicks } from '../../../model/train/plot';

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten across the range', () => {
    expect(niceTicks(0, 1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(3.2, 7.9)).toEqual([4, 5, 6, 7]);
    // Range 0.006 over 5 ticks wants steps >= 0.0012: the next of 1, 2, 5 x 0.001 is 0.002.
    expect(niceTicks(0.012, 0.018)).toEqual([0.012, 0.014, 0.016, 0.018]);
  });
});

describe('lossCurveSvg', () => {
  it('draws one panel per loss term with training and validation series', () => {
    const rows: Record<string, number | string>[] = [
      { kind: 'train', step: 10, loss: 5, cls: 4, coherence: 0.5, imagesPerSec: 3, stepMs: 1, waitMs: 1, loadMs: 1, tensors: 9 },
      { kind: 'train', step: 20, loss: 4, cls: 3, coherence: 0.4, imagesPerSec: 3, stepMs: 1, waitMs: 1, loadMs: 1, tensors: 9 },
      { kind: 'val', step: 20, loss: 4.5, cls: 3.5, coherence: 0.45, auc: 0.9 },
    ];
    const svg = lossCurveSvg(rows, 'Loss: a & b');
    const panels = [...svg.matchAll(/font-weight="bold">([^<]+)</g)].map((m) => m[1]);
    expect(panels).toEqual(['loss', 'cls', 'coherence']);
    expect(svg.match(/<polyline/g)).toHaveLength(3 * 3); // raw, smoothed, validation per panel
    expect(svg).toContain('Loss: a &amp; b');
    expect(svg).toContain('>20<'); // integer step ticks as they are
    expect(lossCurveSvg([], 'empty')).toContain('no training steps logged yet');
  });

  it('adds a log-scale panel of each term\'s gradient norm, all terms on one axis', () => {
    const rows: Record<string, number | string>[] = [
      { kind: 'train', step: 10, loss: 5, cls: 4 },
      { kind: 'train', step: 20, loss: 4, cls: 3 },
      { kind: 'grad', step: 10, coherence: 1e-2, regulariser: 1e-7 },
      { kind: 'grad', step: 20, coherence: 1e-3, regulariser: 1e-6 },
    ];
    const svg = lossCurveSvg(rows, 'run');
    expect(svg).toContain('log10 gradient norm per term: <tspan fill="#2ca02c">coherence</tspan>, <tspan fill="#9467bd">regulariser</tspan>');
    // The shared axis spans log10 1e-7 .. 1e-2: ticks -7 .. -2 (one per unit).
    const gradPanel = svg.slice(svg.indexOf('log10 gradient norm'));
    for (const t of [-7, -6, -5, -4, -3, -2]) expect(gradPanel).toContain(`>${t}<`);
    // Two polylines (raw and smoothed) per term in that panel.
    expect(gradPanel.match(/<polyline/g)).toHaveLength(4);
  });
});
