/**
 * Held-out evaluation: the loss terms on the validation crops (inference-mode BatchNorm)
 * and the objective metrics of model/metrics on their colorizations (L from the photo, ab
 * from the network, as colorize writes them): AuC of the ab-error CDF, PSNR, SSIM,
 * colourfulness and the coherence score, each the mean over the validation images.
 * The coherence metric is reported as `coherenceScore` (ab units), apart from the
 * `coherence` loss term (L_C on ab / 110, possibly weighted).
 */
import * as tf from '@tensorflow/tfjs';
import { labToSrgbArray } from '../color/lab';
import type { LabBatch } from '../dataset/batches';
import { scoreImage, METRICS } from '../metrics/evaluate-folders';
import type { ColorizerNet } from '../nets/colorizer';
import { predictAb } from '../colorize/predict';
import { disposeBatch, toTensors, type LossContext } from './objective';
import { evaluateLoss } from './step';

function clip01(x: Float32Array): Float32Array {
  for (let i = 0; i < x.length; i++) x[i] = Math.min(1, Math.max(0, x[i]));
  return x;
}

/** Loss terms and metrics averaged over `val`, computed in chunks of `chunk` images. */
export async function validate(net: ColorizerNet, val: LabBatch, ctx: LossContext, chunk: number, decodeT: number): Promise<Record<string, number>> {
  const { size } = val;
  const per = size * size * 3;
  const sums: Record<string, number> = {};
  const add = (k: string, v: number, weight: number) => (sums[k] = (sums[k] ?? 0) + v * weight);
  for (let start = 0; start < val.n; start += chunk) {
    const n = Math.min(chunk, val.n - start);
    const part: LabBatch = { lab: val.lab.subarray(start * per, (start + n) * per), n, size, files: val.files.slice(start, start + n) };
    const batch = toTensors(part, ctx);
    try {
      for (const [k, v] of Object.entries(await evaluateLoss(net, batch, ctx))) add(k, v, n);
      const abT = tf.tidy(() => predictAb(net, tf.slice(batch.lab, [0, 0, 0, 0], [n, size, size, 1]), ctx.bins, decodeT));
      const ab = await abT.data();
      abT.dispose();
      for (let i = 0; i < n; i++) {
        const real = part.lab.subarray(i * per, (i + 1) * per);
        const pred = Float32Array.from(real);
        for (let p = 0; p < size * size; p++) {
          pred[p * 3 + 1] = ab[(i * size * size + p) * 2];
          pred[p * 3 + 2] = ab[(i * size * size + p) * 2 + 1];
        }
        const scores = scoreImage(
          { width: size, height: size, data: clip01(labToSrgbArray(real)) },
          { width: size, height: size, data: clip01(labToSrgbArray(pred)) },
        );
        for (const m of METRICS) add(m === 'coherence' ? 'coherenceScore' : m, scores[m], 1);
      }
    } finally {
      disposeBatch(batch);
    }
  }
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / val.n]));
}
