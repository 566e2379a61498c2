/**
 * The colorization networks: Zhang et al.'s baseline ("Colorful Image Colorization",
 * ECCV 2016, Fig. 2 and their released colorization_deploy_v2.prototxt) and the coherent
 * extension of Stellbrink 2018 (the seed, Fig. 4). One code path; presets change numbers.
 *
 * Baseline, blocks named as in the paper (input: L normalised as (L - 50) / 100):
 *   conv1..conv7: 3x3 convs with ReLU, the last conv of conv1-conv3 at stride 2, conv5 and
 *   conv6 dilated (2 in Zhang's net); each block ends with BatchNorm (after the ReLU).
 *   conv8: 4x4 transposed conv at stride 2 (`upsample: 'transposed'`, Zhang's), or a
 *   bilinear x2 resize followed by a 3x3 conv (`upsample: 'bilinear'`: the resize-conv of
 *   Odena et al. 2016, "Deconvolution and Checkerboard Artifacts", which cannot produce
 *   the checkerboard a stride-2 transposed conv leaves in an under-trained net), then 3x3
 *   convs, ReLU, no BatchNorm; then a 1x1 conv to Q logits at 1/4 resolution (or to 2
 *   channels for `regression`).
 *
 * Coherent (Fig. 4): Z = softmax(logits) passes a stop-gradient (the seed: the coherence
 * and colour losses "are set to zero before being back propagated" into the first part),
 * is upsampled bilinearly to full resolution and concatenated with a branch of 3x3 convs
 * on the L input; a 3x3 conv and a 1x1 conv predict the refined logits Ẑ at full
 * resolution. Choices the seed leaves open, made here:
 *   - branch: `branchWidths` 3x3 convs with ReLU on L, no BatchNorm, full resolution;
 *   - Z enters through a linear 1x1 conv to `refineWidth` channels (refine_z), applied at
 *     1/4 resolution and then upsampled: the same as projecting the upsampled Z (linear
 *     maps commute), a low-rank form of a 3x3 conv over all Q channels of Z↑ that costs
 *     about 1/150 of it (that conv made a coherent step 10x a zhang step on the CPU);
 *   - refinement: one 3x3 conv (`refineWidth`, ReLU) on [Z projected, branch], then a 1x1
 *     conv to the Q logits of Ẑ;
 *   - the "CIE Lab colors" of Fig. 4 are not a separate head: ab = f_T(Ẑ) · bin centres
 *     with a small T (`coherenceT`), exactly what the coherence loss sees (seed Sec. 4),
 *     so the colours the loss shaped are the colours a user gets;
 *   - Z is upsampled with bilinear interpolation (a convex mix of distributions is a
 *     distribution, so L_R's Z stays normalised).
 *
 * Other choices: He-normal initialisation (seeded per layer), TensorFlow 'same' padding
 * for the stride-2 convs (pads bottom/right, where Caffe pads both sides), BatchNorm with
 * learned scale and shift and bias-corrected running averages.
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../../app/lib/random';
import { batchNormTraining } from './batch-norm';
import { dilatedConv2d } from './dilated-conv';
import { resizeBilinear } from './resize-bilinear';
import { stopGradient } from './stop-gradient';

/** What fixes a network's weights (a subset of RunConfig, so nets need no training config). */
export interface NetSpec {
  variant: string;
  widths: number[];
  depths: number[];
  dilations: number[];
  branchWidths: number[];
  refineWidth: number;
  bnDecay: number;
  /** conv8's x2 up-sampling: 'transposed' (Zhang's 4x4 stride-2 transposed conv) or 'bilinear' (resize, then 3x3 conv). */
  upsample: Upsample;
  /** Number of ab bins (313 for Zhang's grid). */
  Q: number;
}

export interface NetOutput {
  /** Baseline logits [N, H/4, W/4, Q] (all variants but regression). */
  logits?: tf.Tensor4D;
  /** Regression ab in units of AB_NORM [N, H/4, W/4, 2]. */
  abNormalised?: tf.Tensor4D;
  /** Coherent: the baseline distribution Z upsampled, gradient stopped [N, H, W, Q]. */
  zUp?: tf.Tensor4D;
  /** Coherent: refined logits Ẑ [N, H, W, Q]. */
  refinedLogits?: tf.Tensor4D;
}

/** A BatchNorm's batch moments from a training forward pass, for the running averages. */
export interface BatchMoments {
  name: string;
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

export interface ForwardOptions {
  training: boolean;
  /** Called with each BatchNorm's batch moments in training mode (the caller owns them). */
  onMoments?: (m: BatchMoments) => void;
}

const BN_EPSILON = 1e-5;

export type Upsample = 'transposed' | 'bilinear';
type Kind = 'conv' | 'upconv' | 'resizeconv' | 'norm';
export interface Layer {
  name: string;
  kind: Kind;
  /** conv, resizeconv: [k, k, Cin, Cout]; upconv: [k, k, Cout, Cin] (tfjs conv2dTranspose layout); norm: [C]. */
  shape: number[];
  stride?: number;
  dilation?: number;
  /** Followed by ReLU. */
  relu?: boolean;
  /** He-normal gain: 2 before a ReLU, 1 for output layers. */
  gain?: number;
}

/** The network part of a run's configuration. */
export function netSpecOf(c: Omit<NetSpec, 'Q' | 'upsample'> & { upsample?: string }, Q: number): NetSpec {
  const { variant, widths, depths, dilations, branchWidths, refineWidth, bnDecay } = c;
  const upsample = (c.upsample ?? 'transposed') as Upsample;
  return { variant, widths: [...widths], depths: [...depths], dilations: [...dilations], branchWidths: [...branchWidths], refineWidth, bnDecay, upsample, Q };
}

export function isCoherentVariant(variant: string): boolean {
  return variant === 'coherent' || variant === 'coherent-rebal';
}

/** The baseline's layers conv1_1 ... conv8_out, in order. */
function baselineLayers(spec: NetSpec): Layer[] {
  const layers: Layer[] = [];
  let cin = 1;
  for (let b = 0; b < 7; b++) {
    const cout = spec.widths[b];
    for (let i = 0; i < spec.depths[b]; i++) {
      const last = i === spec.depths[b] - 1;
      layers.push({
        name: `conv${b + 1}_${i + 1}`,
        kind: 'conv',
        shape: [3, 3, cin, cout],
        stride: last && b < 3 ? 2 : 1, // conv1..conv3 halve the resolution: H/8 after conv3
        dilation: spec.dilations[b],
        relu: true,
        gain: 2,
      });
      cin = cout;
    }
    layers.push({ name: `conv${b + 1}_norm`, kind: 'norm', shape: [cout] });
  }
  const c8 = spec.widths[7];
  layers.push(
    // Networks saved before `upsample` existed have no such field: they are Zhang's.
    (spec.upsample ?? 'transposed') === 'bilinear'
      ? { name: 'conv8_1', kind: 'resizeconv', shape: [3, 3, cin, c8], relu: true, gain: 2 } // H/8 -> H/4
      : { name: 'conv8_1', kind: 'upconv', shape: [4, 4, c8, cin], stride: 2, relu: true, gain: 2 }, // H/8 -> H/4
  );
  for (let i = 0; i < spec.depths[7]; i++) {
    layers.push({ name: `conv8_${i + 2}`, kind: 'conv', shape: [3, 3, c8, c8], dilation: spec.dilations[7], relu: true, gain: 2 });
  }
  const out = spec.variant === 'regression' ? 2 : spec.Q;
  layers.push({ name: 'conv8_out', kind: 'conv', shape: [1, 1, c8, out], gain: 1 });
  return layers;
}

/** The coherent part: the grayscale branch and the refinement head. */
function coherentLayers(spec: NetSpec): Layer[] {
  const layers: Layer[] = [];
  let cin = 1;
  spec.branchWidths.forEach((w, i) => {
    layers.push({ name: `branch_${i + 1}`, kind: 'conv', shape: [3, 3, cin, w], relu: true, gain: 2 });
    cin = w;
  });
  // Z's entries sum to 1 (not unit variance): std 1 keeps the projection at unit scale.
  layers.push({ name: 'refine_z', kind: 'conv', shape: [1, 1, spec.Q, spec.refineWidth], gain: spec.Q });
  layers.push({ name: 'refine_1', kind: 'conv', shape: [3, 3, spec.refineWidth + cin, spec.refineWidth], relu: true, gain: 2 });
  layers.push({ name: 'refine_out', kind: 'conv', shape: [1, 1, spec.refineWidth, spec.Q], gain: 1 });
  return layers;
}

/**
 * The network's weights as named tf.Variables plus its forward pass. Variables get
 * engine-unique names; `params` maps the paper's names (conv1_1/kernel, ...) to them.
 */
export class ColorizerNet {
  readonly spec: NetSpec;
  readonly baseline: Layer[];
  readonly coherent: Layer[];
  /** Trainable weights and BatchNorm running averages, by name, in a fixed order. */
  readonly params = new Map<string, tf.Variable>();
  /** Training steps whose batch moments went into the running averages (bias correction). */
  bnSteps = 0;

  /**
   * Random weights from `seed`, or `weights` (e.g. from a checkpoint: names and shapes must
   * match this spec exactly; the tensors are copied, the caller still owns them).
   */
  /** The layer lists a spec gives, without making weights (for twins in other frameworks). */
  static layerLists(spec: NetSpec): { baseline: Layer[]; coherent: Layer[] } {
    return { baseline: baselineLayers(spec), coherent: isCoherentVariant(spec.variant) ? coherentLayers(spec) : [] };
  }

  constructor(spec: NetSpec, seed: number, weights?: tf.NamedTensorMap) {
    this.spec = spec;
    ({ baseline: this.baseline, coherent: this.coherent } = ColorizerNet.layerLists(spec));
    try {
      for (const layer of [...this.baseline, ...this.coherent]) this.createWeights(layer, seed, weights);
      const extra = weights ? Object.keys(weights).filter((n) => !this.params.has(n)) : [];
      if (extra.length) throw new Error(`weights for layers this network does not have: ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ', ...' : ''}`);
    } catch (e) {
      this.dispose(); // the variables made before the mismatch
      throw e;
    }
  }

  private createWeights(layer: Layer, seed: number, weights?: tf.NamedTensorMap): void {
    const add = (suffix: string, init: tf.Tensor, trainable = true) => {
      const name = `${layer.name}/${suffix}`;
      let value = init;
      if (weights) {
        const given = weights[name];
        if (!given) throw new Error(`missing weight '${name}'`);
        if (given.shape.join('x') !== init.shape.join('x')) {
          throw new Error(`weight '${name}' has shape [${given.shape}], the network needs [${init.shape}]`);
        }
        init.dispose();
        value = tf.clone(given);
      }
      this.params.set(name, tf.variable(value, trainable));
      value.dispose();
    };
    if (layer.kind === 'norm') {
      const [c] = layer.shape;
      add('gamma', tf.ones([c]));
      add('beta', tf.zeros([c]));
      add('mean_ema', tf.zeros([c]), false);
      add('var_ema', tf.zeros([c]), false);
      return;
    }
    const [k1, k2, a, b] = layer.shape;
    const fanIn = layer.kind === 'upconv' ? k1 * k2 * b : k1 * k2 * a;
    const std = Math.sqrt((layer.gain ?? 2) / fanIn);
    // Drawn in JS from a per-layer seed: identical on every backend.
    add('kernel', weights ? tf.zeros(layer.shape) : tf.randomNormal(layer.shape, 0, std, 'float32', deriveSeed(seed, layer.name)));
    add('bias', tf.zeros([layer.kind === 'upconv' ? a : b]));
  }

  private layer(name: string): Layer {
    const found = this.coherent.find((l) => l.name === name) ?? this.baseline.find((l) => l.name === name);
    if (!found) throw new Error(`network has no layer '${name}'`);
    return found;
  }

  private p(name: string): tf.Variable {
    const v = this.params.get(name);
    if (!v) throw new Error(`network has no weight '${name}'`);
    return v;
  }

  trainableVariables(): tf.Variable[] {
    return [...this.params.values()].filter((v) => v.trainable);
  }

  /** Names of trainable weights that get L2 weight decay (conv kernels, as Zhang's decay_mult). */
  decayedNames(): string[] {
    return [...this.params.keys()].filter((n) => n.endsWith('/kernel'));
  }

  /** Names of the baseline's trainable weights (what the stop-gradient shields). */
  baselineNames(): string[] {
    const prefixes = new Set(this.baseline.map((l) => l.name));
    return [...this.params.entries()].filter(([n, v]) => v.trainable && prefixes.has(n.split('/')[0])).map(([n]) => n);
  }

  countParameters(): number {
    return this.trainableVariables().reduce((s, v) => s + v.size, 0);
  }

  private apply(layer: Layer, x: tf.Tensor4D, opts: ForwardOptions): tf.Tensor4D {
    const name = layer.name;
    if (layer.kind === 'norm') return this.batchNorm(name, x, opts);
    const kernel = this.p(`${name}/kernel`) as tf.Tensor4D;
    const bias = this.p(`${name}/bias`) as tf.Tensor1D;
    let y: tf.Tensor4D;
    if (layer.kind === 'upconv') {
      const [n, h, w] = x.shape;
      y = tf.conv2dTranspose(x, kernel, [n, h * 2, w * 2, layer.shape[2]], 2, 'same');
    } else if (layer.kind === 'resizeconv') {
      const [, h, w] = x.shape;
      y = tf.conv2d(resizeBilinear(x, [h * 2, w * 2]), kernel, 1, 'same');
    } else if ((layer.dilation ?? 1) > 1) {
      y = dilatedConv2d(x, kernel, layer.dilation!);
    } else {
      y = tf.conv2d(x, kernel, layer.stride ?? 1, 'same');
    }
    y = tf.add(y, bias);
    return layer.relu ? tf.relu(y) : y;
  }

  private batchNorm(name: string, x: tf.Tensor4D, opts: ForwardOptions): tf.Tensor4D {
    const gamma = this.p(`${name}/gamma`) as tf.Tensor1D;
    const beta = this.p(`${name}/beta`) as tf.Tensor1D;
    if (opts.training) {
      const n = x.size / x.shape[3];
      return batchNormTraining(x, gamma, beta, BN_EPSILON, (mean, variance) => {
        if (opts.onMoments) {
          // Unbiased variance for the running average, as PyTorch and Caffe keep it.
          opts.onMoments({ name, mean, variance: tf.keep(tf.mul(variance, n / Math.max(n - 1, 1))) as tf.Tensor1D });
          variance.dispose();
        } else {
          tf.dispose([mean, variance]);
        }
      });
    }
    let mean: tf.Tensor;
    let variance: tf.Tensor;
    if (this.bnSteps === 0) {
      ({ mean, variance } = tf.moments(x, [0, 1, 2]));
    } else {
      const correction = 1 / (1 - this.spec.bnDecay ** this.bnSteps);
      mean = tf.mul(this.p(`${name}/mean_ema`), correction);
      variance = tf.mul(this.p(`${name}/var_ema`), correction);
    }
    return tf.batchNorm(x, mean, variance, beta, gamma, BN_EPSILON) as tf.Tensor4D;
  }

  /** Folds one step's batch moments into the running averages and disposes them. */
  updateRunningMoments(moments: BatchMoments[]): void {
    const d = this.spec.bnDecay;
    tf.tidy(() => {
      for (const { name, mean, variance } of moments) {
        const me = this.p(`${name}/mean_ema`);
        const ve = this.p(`${name}/var_ema`);
        me.assign(tf.add(tf.mul(me, d), tf.mul(mean, 1 - d)));
        ve.assign(tf.add(tf.mul(ve, d), tf.mul(variance, 1 - d)));
      }
    });
    moments.forEach((m) => {
      m.mean.dispose();
      m.variance.dispose();
    });
    this.bnSteps++;
  }

  /** lNorm [N, H, W, 1] = (L - 50) / 100, H and W multiples of 8. */
  forward(lNorm: tf.Tensor4D, opts: ForwardOptions): NetOutput {
    const [, h, w] = lNorm.shape;
    if (h % 8 !== 0 || w % 8 !== 0) throw new Error(`network input must be a multiple of 8 in both sides, got ${h}x${w}`);
    let x = lNorm;
    for (const layer of this.baseline) x = this.apply(layer, x, opts); // ends [N, H/4, W/4, Q or 2]
    if (this.spec.variant === 'regression') return { abNormalised: x };
    const out: NetOutput = { logits: x };
    if (this.coherent.length === 0) return out;

    const z = stopGradient(tf.softmax(x)); // [N, H/4, W/4, Q], no gradient into conv1..conv8
    // No gradient reaches Z (stopped above), so tfjs's own resize serves: its forward pass is exact.
    const zUp = tf.image.resizeBilinear(z, [h, w], false, true); // [N, H, W, Q], for L_R
    // Z enters the refinement through a linear 1x1 projection; applied before the bilinear
    // upsampling, which it commutes with (both linear, the bilinear weights sum to 1).
    // (resizeBilinear, not tf.image's: tfjs's gradient of a half-pixel resize is wrong.)
    const zProj = resizeBilinear(this.apply(this.layer('refine_z'), z, opts), [h, w]); // [N, H, W, refineWidth]
    let g: tf.Tensor4D = lNorm;
    for (const layer of this.coherent.filter((l) => l.name.startsWith('branch_'))) g = this.apply(layer, g, opts); // [N, H, W, Cb]
    let r: tf.Tensor4D = tf.concat([zProj, g], 3); // [N, H, W, refineWidth + Cb]
    r = this.apply(this.layer('refine_1'), r, opts); // [N, H, W, refineWidth]
    out.refinedLogits = this.apply(this.layer('refine_out'), r, opts); // [N, H, W, Q]
    out.zUp = zUp;
    return out;
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.params.clear();
  }
}
