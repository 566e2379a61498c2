/**
 * Adam (Kingma & Ba 2015, Algorithm 1) with Caffe-style L2 weight decay: the decay term
 * λ·w is added to the gradient before the moment updates, as Zhang's Caffe solver did
 * (weight_decay 1e-3), not decoupled as in AdamW. Written out here rather than using
 * tf.train.adam so that its state is keyed by our parameter names (checkpoints then
 * resume regardless of tfjs's global variable ids) and saved with the network.
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedTensor } from '../io/tfjs-files';

export interface AdamOptions {
  lr: number;
  beta1: number;
  beta2: number;
  /** Caffe's delta (1e-8). */
  epsilon?: number;
  weightDecay: number;
}

export class Adam {
  readonly options: Required<AdamOptions>;
  /** Updates applied so far (t in the paper). */
  t = 0;
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();

  constructor(options: AdamOptions) {
    this.options = { epsilon: 1e-8, ...options };
  }

  /**
   * One update of `params` with `grads` (both keyed by name). `decayed` names the weights
   * that get weight decay. Disposes nothing it was given.
   */
  apply(params: Map<string, tf.Variable>, grads: Map<string, tf.Tensor>, decayed: Set<string>): void {
    const { lr, beta1, beta2, epsilon, weightDecay } = this.options;
    this.t++;
    // Bias corrections folded into the step size (Kingma & Ba, end of Sec. 2).
    const stepSize = (lr * Math.sqrt(1 - beta2 ** this.t)) / (1 - beta1 ** this.t);
    tf.tidy(() => {
      for (const [name, g0] of grads) {
        const w = params.get(name);
        if (!w) throw new Error(`Adam: no parameter named '${name}'`);
        const g = weightDecay > 0 && decayed.has(name) ? tf.add(g0, tf.mul(w, weightDecay)) : g0;
        const m = this.slot(this.m, name, w);
        const v = this.slot(this.v, name, w);
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1))); // biased first moment
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2))); // biased second moment
        // The paper's ε is added to sqrt(v̂); with the folded correction it scales by sqrt(1-β2^t).
        const denom = tf.add(tf.sqrt(v), epsilon * Math.sqrt(1 - beta2 ** this.t));
        w.assign(tf.sub(w, tf.mul(tf.div(m, denom), stepSize)));
      }
    });
  }

  private slot(store: Map<string, tf.Variable>, name: string, like: tf.Tensor): tf.Variable {
    let s = store.get(name);
    if (!s) {
      s = tf.variable(tf.zerosLike(like), false);
      store.set(name, s);
    }
    return s;
  }

  /** The moments as named tensors (name/m, name/v), for a checkpoint. */
  state(): NamedTensor[] {
    const out: NamedTensor[] = [];
    for (const [name, m] of this.m) out.push({ name: `${name}/m`, tensor: m }, { name: `${name}/v`, tensor: this.v.get(name)! });
    return out;
  }

  /** Restores moments saved by state(); `t` comes from the checkpoint's metadata. */
  load(tensors: tf.NamedTensorMap, t: number): void {
    this.dispose();
    for (const [key, tensor] of Object.entries(tensors)) {
      const match = /^(.*)\/(m|v)$/.exec(key);
      if (!match) throw new Error(`optimizer state has an unexpected entry '${key}'`);
      (match[2] === 'm' ? this.m : this.v).set(match[1], tf.variable(tensor, false));
    }
    this.t = t;
  }

  dispose(): void {
    for (const s of [...this.m.values(), ...this.v.values()]) s.dispose();
    this.m.clear();
    this.v.clear();
  }
}
