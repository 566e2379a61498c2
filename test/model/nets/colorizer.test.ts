import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../model/backend/select';
import { computeAbBins } from '../../../model/color/bins';
import { resolveConfig } from '../../../model/config';
import { ColorizerNet, netSpecOf } from '../../../model/nets/colorizer';
import { objective, toTensors, type LossContext } from '../../../model/train/objective';
import { coherenceLoss } from '../../../model/losses/coherence';
import { colourRegulariser } from '../../../model/losses/regulariser';
import { annealedMeanFromLogits } from '../../../model/color/decode';
import { srgbToLabArray } from '../../../model/color/lab';
import { seededRandom } from '../../../app/lib/random';
import { syntheticLabBatch } from '../../../model/dataset/synthetic';

const bins = computeAbBins();

function context(variant: string, overrides: Record<string, unknown> = {}): LossContext {
  return { config: resolveConfig('tiny', { variant, ...overrides }), bins, colourWeights: new Float32Array(bins.Q).fill(1), gradientPrior: null };
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('ColorizerNet', () => {
  it('has the parameter count of Zhang et al.\'s network in the full preset', async () => {
    // Closed form Σ (k²·Cin·Cout + Cout) over the convolutions of colorization_deploy_v2.prototxt
    // (Zhang et al. 2016), plus 2·C (scale and shift) per BatchNorm; the 4x4 conv8_1 is the
    // transposed conv 512 -> 256, conv8_313 the 1x1 conv to Q = 313 logits.
    const convs: Array<[number, number, number]> = [
      [3, 1, 64], [3, 64, 64], // conv1
      [3, 64, 128], [3, 128, 128], // conv2
      [3, 128, 256], [3, 256, 256], [3, 256, 256], // conv3
      [3, 256, 512], [3, 512, 512], [3, 512, 512], // conv4
      ...Array.from({ length: 9 }, () => [3, 512, 512] as [number, number, number]), // conv5, conv6 (dilated), conv7
      [4, 512, 256], [3, 256, 256], [3, 256, 256], // conv8
      [1, 256, 313], // conv8_313
    ];
    const norms = [64, 128, 256, 512, 512, 512, 512];
    const expected = convs.reduce((s, [k, a, b]) => s + k * k * a * b + b, 0) + norms.reduce((s, c) => s + 2 * c, 0);
    expect(expected).toBe(32_235_385); // "about 32 M" (STACK.md: 32.2 M)
    const config = resolveConfig('full');
    const net = new ColorizerNet(netSpecOf(config, bins.Q), 1);
    try {
      expect(bins.Q).toBe(313);
      expect(net.countParameters()).toBe(expected);
    } finally {
      net.dispose();
    }
  });

  it.each([
    ['zhang', { logits: [2, 8, 8, 313] }],
    ['regression', { abNormalised: [2, 8, 8, 2] }],
    ['coherent', { logits: [2, 8, 8, 313], zUp: [2, 32, 32, 313], refinedLogits: [2, 32, 32, 313] }],
  ])('%s: outputs have the documented shapes and nothing leaks', (variant, shapes) => {
    const net = new ColorizerNet(netSpecOf(resolveConfig('tiny', { variant }), bins.Q), 1);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const out = net.forward(tf.zeros([2, 32, 32, 1]) as tf.Tensor4D, { training: false });
      const got = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, (v as tf.Tensor).shape]));
      expect(got).toEqual(shapes);
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(() => tf.tidy(() => {
      net.forward(tf.zeros([1, 36, 32, 1]) as tf.Tensor4D, { training: false });
    })).toThrow(/multiple of 8/);
    net.dispose();
  });

  it('stops L_C and L_R before the baseline: its weights get no gradient, the coherent part does', () => {
    const ctx = context('coherent');
    const net = new ColorizerNet(netSpecOf(ctx.config, bins.Q), 3);
    const batch = toTensors(syntheticLabBatch(2, 32, 5), ctx);
    const byVar = new Map([...net.params].map(([name, v]) => [v.name, name]));
    const gradNorms = (which: 'coherent' | 'cls') => {
      const { grads, value } = tf.variableGrads(() => {
        const lNorm = tf.div(tf.sub(tf.slice(batch.lab, [0, 0, 0, 0], [2, 32, 32, 1]), 50), 100) as tf.Tensor4D;
        const ab = tf.slice(batch.lab, [0, 0, 0, 1], [2, 32, 32, 2]) as tf.Tensor4D;
        const out = net.forward(lNorm, { training: true });
        if (which === 'cls') return objective(net, batch, ctx, { training: true }).terms.cls;
        const abHat = annealedMeanFromLogits(out.refinedLogits!, bins, ctx.config.coherenceT) as tf.Tensor4D;
        return tf.add(coherenceLoss(tf.div(abHat, 110) as tf.Tensor4D, tf.div(ab, 110) as tf.Tensor4D), colourRegulariser(out.zUp!, out.refinedLogits!, 0.01)) as tf.Scalar;
      }, net.trainableVariables());
      const norms = new Map<string, number>();
      for (const [varName, g] of Object.entries(grads)) norms.set(byVar.get(varName)!, tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]));
      tf.dispose([value, ...Object.values(grads)]);
      return norms;
    };
    const coherent = gradNorms('coherent');
    const baseline = net.baselineNames();
    expect(baseline.length).toBeGreaterThan(20);
    // Exactly zero: none at all, or a zero tensor.
    for (const name of baseline) expect(coherent.get(name) ?? 0).toBe(0);
    for (const name of ['branch_1/kernel', 'refine_z/kernel', 'refine_1/kernel', 'refine_out/kernel', 'refine_out/bias']) {
      expect(coherent.get(name), name).toBeGreaterThan(0);
    }
    // And the converse: the classification loss trains the baseline, not the coherent part.
    const cls = gradNorms('cls');
    expect(cls.get('conv1_1/kernel')).toBeGreaterThan(0);
    expect(cls.get('conv8_out/kernel')).toBeGreaterThan(0);
    expect(cls.get('refine_out/kernel') ?? 0).toBe(0);
    tf.dispose([batch.lab]);
    net.dispose();
  });

  it('up-samples conv8 by bilinear resize and a 3x3 conv when asked (no transposed conv)', () => {
    const net = new ColorizerNet(netSpecOf(resolveConfig('tiny', { upsample: 'bilinear' }), bins.Q), 1);
    const transposed = new ColorizerNet(netSpecOf(resolveConfig('tiny', { upsample: 'transposed' }), bins.Q), 1);
    try {
      // tiny: conv7 is 32 wide, conv8 16: a [3, 3, 32, 16] kernel instead of the transposed [4, 4, 16, 32].
      expect(net.params.get('conv8_1/kernel')!.shape).toEqual([3, 3, 32, 16]);
      expect(transposed.params.get('conv8_1/kernel')!.shape).toEqual([4, 4, 16, 32]);
      expect(net.countParameters()).toBe(transposed.countParameters() - 16 * 16 * 32 + 9 * 32 * 16);
      // Away from the zero-padded borders a constant input gives a constant conv7 output,
      // which the resize keeps constant: every inner cell of the logits is the same. The
      // stride-2 transposed conv instead gives even and odd cells different taps: a checkerboard.
      const spread = (n: ColorizerNet) =>
        tf.tidy(() => {
          const logits = n.forward(tf.fill([1, 256, 256, 1], 0.3) as tf.Tensor4D, { training: false }).logits!; // [1, 64, 64, Q]
          const inner = tf.slice(logits, [0, 28, 28, 0], [1, 8, 8, 8]);
          return Math.max(...tf.sub(tf.max(inner, [1, 2]), tf.min(inner, [1, 2])).dataSync());
        });
      expect(spread(net)).toBeLessThan(1e-4);
      expect(spread(transposed)).toBeGreaterThan(1e-2);
    } finally {
      net.dispose();
      transposed.dispose();
    }
  });

  it.each(['transposed', 'bilinear'])('has gradients that match finite differences through dilated, %s up-sampling and normalised layers', (upsample) => {
    const ctx = context('zhang', { size: 16, resize: 16, upsample });
    const net = new ColorizerNet(netSpecOf(ctx.config, bins.Q), 4);
    const r = seededRandom(6);
    const batch = toTensors({ lab: srgbToLabArray(new Float32Array(2 * 16 * 16 * 3).map(() => r())), n: 2, size: 16, files: [] }, ctx);
    const loss = () => objective(net, batch, ctx, { training: true }).total;
    const vars = net.trainableVariables();
    const { grads, value } = tf.variableGrads(loss, vars);
    // Central differences with a small step: ReLU kinks and BatchNorm's batch statistics
    // make larger steps (1e-2 and up) visibly nonlinear.
    const h = 1e-3;
    for (const name of ['conv1_1/kernel', 'conv4_1/kernel', 'conv5_1/kernel', 'conv8_1/kernel', 'conv3_norm/gamma', 'conv8_out/bias']) {
      const v = net.params.get(name)!;
      const g = grads[v.name].dataSync();
      // The element with the largest gradient, so that float32 rounding is small beside it.
      let i = 0;
      for (let j = 1; j < g.length; j++) if (Math.abs(g[j]) > Math.abs(g[i])) i = j;
      const base = v.dataSync().slice();
      const at = (delta: number) => {
        const values = base.slice();
        values[i] += delta;
        v.assign(tf.tensor(values, v.shape));
        return tf.tidy(() => loss().dataSync()[0]);
      };
      const numeric = (at(h) - at(-h)) / (2 * h);
      v.assign(tf.tensor(base, v.shape));
      expect(Math.abs(g[i]), name).toBeGreaterThan(1e-3);
      expect(Math.abs(numeric - g[i]), `${name}: analytic ${g[i]}, numeric ${numeric}`).toBeLessThan(0.03 * Math.abs(g[i]) + 1e-3);
    }
    tf.dispose([value, ...Object.values(grads), batch.lab]);
    net.dispose();
  });
});
