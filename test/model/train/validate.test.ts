import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../model/backend/select';
import { computeAbBins } from '../../../model/color/bins';
import { labToSrgbPixel } from '../../../model/color/lab';
import { resolveConfig } from '../../../model/config';
import { loadCentreCrops, type LabBatch } from '../../../model/dataset/batches';
import { listImages } from '../../../model/dataset/files';
import { estimatePriors, type Priors } from '../../../model/dataset/prior';
import { abErrorAuc } from '../../../model/metrics/ab-error';
import { colorfulness } from '../../../model/metrics/colorfulness';
import { ColorizerNet, netSpecOf } from '../../../model/nets/colorizer';
import type { LossContext } from '../../../model/train/objective';
import { validate } from '../../../model/train/validate';
import type { RgbImage } from '../../../model/image/rgb-image';

const PHOTOS = path.join(import.meta.dirname, '../../fixtures/model/photos');
const bins = computeAbBins();
let val: LabBatch;
let priors: Priors;
let ctx: LossContext;

/** Crop i with the given ab everywhere (null: its own ab), converted pixel by pixel and clipped. */
function crop(i: number, ab: [number, number] | null): RgbImage {
  const { size } = val;
  const data = new Float32Array(size * size * 3);
  for (let p = 0; p < size * size; p++) {
    const o = (i * size * size + p) * 3;
    const rgb = labToSrgbPixel(val.lab[o], ab ? ab[0] : val.lab[o + 1], ab ? ab[1] : val.lab[o + 2]);
    data.set(rgb.map((v) => Math.min(1, Math.max(0, v))), 3 * p);
  }
  return { width: size, height: size, data };
}

beforeAll(async () => {
  await selectBackend('wasm');
  const files = await listImages(PHOTOS);
  val = await loadCentreCrops(files.slice(0, 3), { size: 32, resize: 40, max: 3 });
  const config = resolveConfig('tiny', { variant: 'zhang' });
  priors = await estimatePriors(files, config, bins);
  ctx = { config, bins, colourWeights: Float32Array.from(priors.colour.weights), gradientPrior: null, colourPrior: priors.colour.p };
});

describe('validate', () => {
  it('reports the model beside the grayscale and constant baselines on the same crops', async () => {
    const net = new ColorizerNet(netSpecOf(ctx.config, bins.Q), 7);
    const values = await validate(net, val, ctx, 2, 0.38);
    net.dispose();
    for (const key of ['loss', 'cls', 'auc', 'psnr', 'ssim', 'colorfulness', 'coherenceScore', 'aucRebal', 'psnrInfinite']) expect(Number.isFinite(values[key])).toBe(true);
    for (const key of ['r', 'rA', 'rB']) expect(key in values).toBe(true);

    // The constant is the prior's mean ab: sum_q p_q * centre_q.
    let a = 0;
    let b = 0;
    priors.colour.p.forEach((p, q) => {
      a += p * bins.centers[2 * q];
      b += p * bins.centers[2 * q + 1];
    });
    expect(values['baseline.constant.a']).toBeCloseTo(a, 6);
    expect(values['baseline.constant.b']).toBeCloseTo(b, 6);
    expect(values['baseline.constant.fromPrior']).toBe(1);

    // Each baseline's AuC and colourfulness, recomputed crop by crop with the per-image metrics.
    for (const [name, ab] of [
      ['grayscale', [0, 0]],
      ['constant', [a, b]],
    ] as const) {
      let auc = 0;
      let colour = 0;
      for (let i = 0; i < val.n; i++) {
        auc += abErrorAuc(crop(i, null), crop(i, [ab[0], ab[1]]));
        colour += colorfulness(crop(i, [ab[0], ab[1]]));
      }
      expect(values[`baseline.${name}.auc`]).toBeCloseTo(auc / val.n, 4);
      expect(values[`baseline.${name}.colorfulness`]).toBeCloseTo(colour / val.n, 2);
      expect(values[`baseline.${name}.aucRebal`]).toBeGreaterThan(0);
      expect(values[`baseline.${name}.aucRebal`]).toBeLessThan(1);
      // no correlation for a baseline
      expect(`baseline.${name}.r` in values).toBe(false);
    }
    expect(values['baseline.grayscale.colorfulness']).toBeCloseTo(0, 3);
  });

  it('falls back to the mean ab of the validation crops without a prior', async () => {
    const net = new ColorizerNet(netSpecOf(ctx.config, bins.Q), 7);
    const values = await validate(net, val, { ...ctx, colourPrior: undefined }, 3, 0.38);
    net.dispose();
    let a = 0;
    let b = 0;
    for (let p = 0; p < val.lab.length; p += 3) {
      a += val.lab[p + 1];
      b += val.lab[p + 2];
    }
    const pixels = val.lab.length / 3;
    expect(values['baseline.constant.a']).toBeCloseTo(a / pixels, 4);
    expect(values['baseline.constant.b']).toBeCloseTo(b / pixels, 4);
    expect(values['baseline.constant.fromPrior']).toBe(0);
  });
});
