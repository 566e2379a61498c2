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

/** The weights a step updates: all, or with `freezeBaseline` only the coherent head's. */
export function trainedVariables(net: ColorizerNet, ctx: LossContext): tf.Variable[] {
  if (!ctx.config.freezeBaseline) return net.trainableVariables();
  const frozen = new Set(net.baselineNames());
  return [...net.params].filter(([name, v]) => v.trainable && !frozen.has(name)).map(([, v]) => v);
}

export async function trainStep(net: ColorizerNet, adam: Adam, batch: TensorBatch, ctx: LossContext): Promise<StepTerms> {
  const moments: BatchMoments[] = [];
  const kept: Record<string, tf.Scalar> = {};
  const vars = trainedVariables(net, ctx);
  // A frozen baseline runs as at inference (running BatchNorm statistics), so the head
  // learns on the distribution Z it will see when colorizing.
  const training = !ctx.config.freezeBaseline;
  const { value, grads } = tf.variableGrads(() => {
    const { total, terms } = objective(net, batch, ctx, { training, onMoments: (m) => moments.push(m) });
    for (const [k, t] of Object.entries(terms)) kept[k] = tf.keep(t);
    return total;
  }, vars);
  const byName = new Map<string, tf.Tensor>();
  for (const [name, v] of net.params) {
    const g = grads[v.name];
    if (g) byName.set(name, g);
  }
  adam.apply(net.params, byName, new Set(net.decayedNames()));
  if (training) net.updateRunningMoments(moments);
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

/** Each term's weight in the total loss (objective.ts). */
function termWeight(name: string, ctx: LossContext): number {
  if (name === 'coherence') return ctx.config.coherenceWeight;
  if (name === 'regulariser') return ctx.config.regulariserWeight;
  return 1;
}

/**
 * The L2 norm of each weighted loss term's gradient over the weights a step trains, one
 * backward pass per term: shows which term drives the update (the seed's collapse: L_R's
 * gradient vanishes beside L_C's at T = 0.01). Updates nothing.
 */
export async function termGradientNorms(net: ColorizerNet, batch: TensorBatch, ctx: LossContext): Promise<StepTerms> {
  const vars = trainedVariables(net, ctx);
  const training = !ctx.config.freezeBaseline;
  let names: string[] = [];
  tf.tidy(() => {
    names = Object.keys(objective(net, batch, ctx, { training }).terms);
  });
  // With a frozen baseline, cls reaches none of the trained weights.
  if (!training) names = names.filter((n) => n !== 'cls');
  const norms: tf.Scalar[] = [];
  for (const name of names) {
    const { value, grads } = tf.variableGrads(() => tf.mul(objective(net, batch, ctx, { training }).terms[name], termWeight(name, ctx)) as tf.Scalar, vars);
    const gs = Object.values(grads);
    norms.push(tf.tidy(() => tf.sqrt(gs.length ? tf.addN(gs.map((g) => tf.sum(tf.square(g)))) : tf.scalar(0)) as tf.Scalar));
    tf.dispose([value, ...gs]);
  }
  const stacked = tf.stack(norms);
  tf.dispose(norms);
  const values = await stacked.data();
  stacked.dispose();
  return Object.fromEntries(names.map((k, i) => [k, values[i]]));
}
