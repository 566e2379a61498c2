/**
 * Held-out evaluation: the loss terms on the validation crops (inference-mode BatchNorm)
 * and the objective metrics of model/metrics on their colorizations (L from the photo, ab
 * from the network, as colorize writes them): AuC of the ab-error CDF, PSNR, SSIM,
 * colourfulness and the coherence score, each the mean over the validation images, and the
 * pooled ab metrics of pooled-ab.ts over all their pixels (aucRebal; rA, rB and their mean r,
 * NaN, written null, when undefined). The coherence metric is reported as `coherenceScore`
 * (ab units), apart from the `coherence` loss term (L_C on ab / 110, possibly weighted).
 *
 * Beside them, the same metrics of the two baselines on the same crops, so that every run's
 * record shows the model next to what doing nothing scores: `baseline.grayscale.<metric>`
 * (ab = 0) and `baseline.constant.<metric>` (one ab everywhere: the mean ab of the training
 * prior `ctx.colourPrior`, else of the validation crops; `baseline.constant.a`, `.b` and
 * `.fromPrior` (1 or 0) record which). Baselines go through the same float Lab -> sRGB path as
 * the model's output. PSNR means leave out +Infinity (a crop colorized exactly), counted in
 * `psnrInfinite`.
 */
import * as tf from '@tensorflow/tfjs';
import { labToSrgbArray, srgbToLabArray } from '../color/lab';
import type { LabBatch } from '../dataset/batches';
import { baselineImage, MeanAb, meanAbOfDistribution, type BaselineName } from '../metrics/baselines';
import { scoreImageLab, METRICS, type MetricName } from '../metrics/evaluate-folders';
import { PooledAb } from '../metrics/pooled-ab';
import type { RgbImage } from '../image/rgb-image';
import type { ColorizerNet } from '../nets/colorizer';
import { predictAb, type Decoding } from '../colorize/predict';
import { disposeBatch, toTensors, type LossContext } from './objective';
import { evaluateLoss } from './step';

function clip01(x: Float32Array): Float32Array {
  for (let i = 0; i < x.length; i++) x[i] = Math.min(1, Math.max(0, x[i]));
  return x;
}

const metricKey = (m: MetricName) => (m === 'coherence' ? 'coherenceScore' : m);

/** Per-image metric sums (PSNR over finite values) and the pooled accumulator of one scored source. */
class Tally {
  readonly sums: Record<string, number> = {};
  readonly pooled: PooledAb;
  images = 0;
  finitePsnr = 0;
  constructor(ctx: LossContext) {
    this.pooled = new PooledAb(ctx.bins);
  }
  /** `labReal`: the Lab of `real` (clipped sRGB), as a photo read from a file would measure. */
  add(real: RgbImage, labReal: Float32Array, pred: RgbImage): void {
    const labPred = srgbToLabArray(pred.data);
    const scores = scoreImageLab(real, pred, labReal, labPred);
    for (const m of METRICS) {
      if (m === 'psnr' && !Number.isFinite(scores.psnr)) continue;
      this.sums[metricKey(m)] = (this.sums[metricKey(m)] ?? 0) + scores[m];
    }
    if (Number.isFinite(scores.psnr)) this.finitePsnr++;
    this.pooled.add(labReal, labPred);
    this.images++;
  }
  means(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const m of METRICS) {
      const k = metricKey(m);
      out[k] = m === 'psnr' ? (this.finitePsnr ? this.sums[k] / this.finitePsnr : Infinity) : this.sums[k] / this.images;
    }
    out.psnrInfinite = this.images - this.finitePsnr;
    const pooled = this.pooled.result();
    out.aucRebal = pooled.aucRebal ?? NaN;
    out.rA = pooled.rA ?? NaN;
    out.rB = pooled.rB ?? NaN;
    out.r = pooled.r ?? NaN;
    return out;
  }
}

/** The constant baseline's ab: the training prior's mean when known, else the validation crops'. */
function constantAb(val: LabBatch, ctx: LossContext): { a: number; b: number; fromPrior: boolean } {
  if (ctx.colourPrior) return { ...meanAbOfDistribution(ctx.colourPrior, ctx.bins), fromPrior: true };
  const acc = new MeanAb();
  acc.add(val.lab.subarray(0, val.n * val.size * val.size * 3));
  return { ...acc.value(), fromPrior: false };
}

/** Loss terms and metrics averaged over `val`, computed in chunks of `chunk` images. */
export async function validate(net: ColorizerNet, val: LabBatch, ctx: LossContext, chunk: number, decoding: number | Decoding): Promise<Record<string, number>> {
  const { size } = val;
  const per = size * size * 3;
  const losses: Record<string, number> = {};
  const model = new Tally(ctx);
  const baselines: Record<BaselineName, Tally> = { grayscale: new Tally(ctx), constant: new Tally(ctx) };
  const constant = constantAb(val, ctx);
  for (let start = 0; start < val.n; start += chunk) {
    const n = Math.min(chunk, val.n - start);
    const part: LabBatch = { lab: val.lab.subarray(start * per, (start + n) * per), n, size, files: val.files.slice(start, start + n) };
    const batch = toTensors(part, ctx);
    try {
      for (const [k, v] of Object.entries(await evaluateLoss(net, batch, ctx))) losses[k] = (losses[k] ?? 0) + v * n;
      const abT = tf.tidy(() => predictAb(net, tf.slice(batch.lab, [0, 0, 0, 0], [n, size, size, 1]), ctx.bins, decoding));
      const ab = await abT.data();
      abT.dispose();
      for (let i = 0; i < n; i++) {
        const lab = part.lab.subarray(i * per, (i + 1) * per);
        const pred = Float32Array.from(lab);
        for (let p = 0; p < size * size; p++) {
          pred[p * 3 + 1] = ab[(i * size * size + p) * 2];
          pred[p * 3 + 2] = ab[(i * size * size + p) * 2 + 1];
        }
        const real = { width: size, height: size, data: clip01(labToSrgbArray(lab)) };
        const labReal = srgbToLabArray(real.data);
        model.add(real, labReal, { width: size, height: size, data: clip01(labToSrgbArray(pred)) });
        baselines.grayscale.add(real, labReal, baselineImage(lab, size, size, 0, 0, false));
        baselines.constant.add(real, labReal, baselineImage(lab, size, size, constant.a, constant.b, false));
      }
    } finally {
      disposeBatch(batch);
    }
  }
  const out: Record<string, number> = Object.fromEntries(Object.entries(losses).map(([k, v]) => [k, v / val.n]));
  Object.assign(out, model.means());
  for (const [name, tally] of Object.entries(baselines)) {
    // A baseline's correlations are undefined by construction (its chroma is one constant).
    const { rA: _rA, rB: _rB, r: _r, ...means } = tally.means();
    for (const [k, v] of Object.entries(means)) out[`baseline.${name}.${k}`] = v;
  }
  out['baseline.constant.a'] = constant.a;
  out['baseline.constant.b'] = constant.b;
  out['baseline.constant.fromPrior'] = constant.fromPrior ? 1 : 0;
  return out;
}
