/**
 * One training step: forward, loss, gradients, Adam update, BatchNorm running averages.
 * Separate from the loop (tfjs-examples' habit) so tests and benchmarks call it directly.
 * Leaves no tensors behind: tf.memory().numTensors is the same before and after.
 */
import * as tf from '@tensorflow/tfjs';
import type { BatchMoments, ColorizerNet } from '../nets/colorizer';
import type { Adam } from './adam';
import { objective, type LossContext, type TensorBatch } from './objective';

/** Loss terms of the step as numbers: `loss` (the total) and the variant's terms. */
export type StepTerms = Record<string, number>;

export async function trainStep(net: ColorizerNet, adam: Adam, batch: TensorBatch, ctx: LossContext): Promise<StepTerms> {
  const moments: BatchMoments[] = [];
  const kept: Record<string, tf.Scalar> = {};
  const vars = net.trainableVariables();
  const { value, grads } = tf.variableGrads(() => {
    const { total, terms } = objective(net, batch, ctx, { training: true, onMoments: (m) => moments.push(m) });
    for (const [k, t] of Object.entries(terms)) kept[k] = tf.keep(t);
    return total;
  }, vars);
  const byName = new Map<string, tf.Tensor>();
  for (const [name, v] of net.params) {
    const g = grads[v.name];
    if (g) byName.set(name, g);
  }
  adam.apply(net.params, byName, new Set(net.decayedNames()));
  net.updateRunningMoments(moments);
  const names = Object.keys(kept);
  const stacked = tf.stack([value, ...names.map((k) => kept[k])]);
  tf.dispose([value, ...Object.values(grads), ...Object.values(kept)]);
  // Asynchronous read: WebGPU in Node cannot read tensors synchronously.
  const values = await stacked.data();
  stacked.dispose();
  const out: StepTerms = { loss: values[0] };
  names.forEach((k, i) => (out[k] = values[i + 1]));
  return out;
}

/** Loss terms without updating anything (inference-mode BatchNorm), for validation. */
export async function evaluateLoss(net: ColorizerNet, batch: TensorBatch, ctx: LossContext): Promise<StepTerms> {
  let names: string[] = [];
  const stacked = tf.tidy(() => {
    const { total, terms } = objective(net, batch, ctx, { training: false });
    names = Object.keys(terms);
    return tf.stack([total, ...names.map((k) => terms[k])]);
  });
  const values = await stacked.data();
  stacked.dispose();
  const out: StepTerms = { loss: values[0] };
  names.forEach((k, i) => (out[k] = values[i + 1]));
  return out;
}
