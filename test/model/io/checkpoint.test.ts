import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../model/backend/select';
import { computeAbBins } from '../../../model/color/bins';
import { resolveConfig } from '../../../model/config';
import { loadCheckpoint, loadOptimizer, saveCheckpoint } from '../../../model/io/checkpoint';
import { readTensors } from '../../../model/io/tfjs-files';
import { ColorizerNet, netSpecOf } from '../../../model/nets/colorizer';
import { Adam } from '../../../model/train/adam';

const bins = computeAbBins();
let dir: string;

beforeAll(async () => {
  await selectBackend('wasm');
  dir = await mkdtemp(path.join(os.tmpdir(), 'ckpt-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A coherent tiny net whose BatchNorm statistics and Adam state are not at their initial values. */
function trainedLooking(): { net: ColorizerNet; adam: Adam } {
  const config = resolveConfig('tiny', { variant: 'coherent' });
  const net = new ColorizerNet(netSpecOf(config, bins.Q), 11);
  const x = tf.randomNormal([2, 32, 32, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
  const moments: Parameters<ColorizerNet['updateRunningMoments']>[0] = [];
  tf.tidy(() => {
    net.forward(x, { training: true, onMoments: (m) => moments.push(m) });
  });
  net.updateRunningMoments(moments);
  const adam = new Adam({ lr: 0.01, beta1: 0.9, beta2: 0.99, weightDecay: 0 });
  adam.apply(net.params, new Map([['conv1_1/kernel', tf.onesLike(net.params.get('conv1_1/kernel')!)]]), new Set());
  x.dispose();
  return { net, adam };
}

const forwardValues = async (net: ColorizerNet) => {
  const x = tf.randomNormal([1, 32, 32, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
  const out = tf.tidy(() => net.forward(x, { training: false }).refinedLogits!);
  const v = Array.from(await out.data());
  tf.dispose([x, out]);
  return v;
};

describe('checkpoints', () => {
  it('round-trips a network to identical outputs, with its BatchNorm statistics and Adam state', async () => {
    const { net, adam } = trainedLooking();
    const config = resolveConfig('tiny', { variant: 'coherent' });
    const ckpt = path.join(dir, 'a');
    await saveCheckpoint(ckpt, net, adam, { step: 7, config, adamSteps: adam.t, bestValLoss: 1.5 });
    const { net: loaded, meta } = await loadCheckpoint(ckpt);
    expect(meta).toMatchObject({ step: 7, adamSteps: 1, bestValLoss: 1.5 });
    expect(meta.config).toEqual(config);
    expect(loaded.bnSteps).toBe(net.bnSteps);
    expect(loaded.spec).toEqual(net.spec);
    expect(await forwardValues(loaded)).toEqual(await forwardValues(net));
    const adam2 = new Adam(adam.options);
    await loadOptimizer(ckpt, adam2, meta.adamSteps);
    const a = adam.state();
    const b = adam2.state();
    expect(b.map((t) => t.name)).toEqual(a.map((t) => t.name));
    for (let i = 0; i < a.length; i++) expect(Array.from(b[i].tensor.dataSync())).toEqual(Array.from(a[i].tensor.dataSync()));
    // The files are tfjs artifacts: a weights manifest naming every tensor.
    const { json, tensors } = await readTensors(ckpt);
    expect(json.format).toBe('colorization-turing-test/colorizer');
    expect(Object.keys(tensors).sort()).toEqual([...net.params.keys()].sort());
    tf.dispose(Object.values(tensors));
    [net, loaded].forEach((n) => n.dispose());
    [adam, adam2].forEach((o) => o.dispose());
  });

  it('stores float16 weights in half the bytes, and the loaded network predicts as the original within half-precision error', async () => {
    const { net, adam } = trainedLooking();
    const config = resolveConfig('tiny', { variant: 'coherent' });
    const full = path.join(dir, 'f32');
    const half = path.join(dir, 'f16');
    await saveCheckpoint(full, net, null, { step: 3, config, adamSteps: 0, bestValLoss: null });
    await saveCheckpoint(half, net, null, { step: 3, config, adamSteps: 0, bestValLoss: null }, { quantize: 'float16' });
    const [fullBytes, halfBytes] = await Promise.all([full, half].map(async (d) => (await readFile(path.join(d, 'weights.bin'))).byteLength));
    expect(halfBytes * 2).toBe(fullBytes);
    const { net: loaded, meta } = await loadCheckpoint(half);
    expect(meta.step).toBe(3);
    for (const [name, t] of net.params) {
      const a = t.dataSync();
      const b = loaded.params.get(name)!.dataSync();
      for (let i = 0; i < a.length; i++) expect(Math.abs(b[i] - a[i])).toBeLessThanOrEqual(Math.abs(a[i]) * 2 ** -11 + 2 ** -25);
    }
    const [ref, got] = [await forwardValues(net), await forwardValues(loaded)];
    const scale = ref.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const worst = ref.reduce((m, v, i) => Math.max(m, Math.abs(got[i] - v)), 0);
    expect(worst).toBeGreaterThan(0); // it really was quantized
    expect(worst / scale).toBeLessThan(1e-2);
    loaded.dispose();
    net.dispose();
    adam.dispose();
  });

  it('replaces an older checkpoint, and falls back to it when a save was cut off between renames', async () => {
    const { net, adam } = trainedLooking();
    const config = resolveConfig('tiny', { variant: 'coherent' });
    const ckpt = path.join(dir, 'b');
    await saveCheckpoint(ckpt, net, adam, { step: 1, config, adamSteps: 1, bestValLoss: null });
    await saveCheckpoint(ckpt, net, adam, { step: 2, config, adamSteps: 1, bestValLoss: null });
    expect((await loadCheckpoint(ckpt)).meta.step).toBe(2);
    await rename(ckpt, `${ckpt}.old`); // as if the process died after moving the old one aside
    const { net: loaded, meta } = await loadCheckpoint(ckpt);
    expect(meta.step).toBe(2);
    loaded.dispose();
    net.dispose();
    adam.dispose();
  });

  it('says what is wrong with a damaged or foreign checkpoint', async () => {
    const { net, adam } = trainedLooking();
    const config = resolveConfig('tiny', { variant: 'coherent' });
    const ckpt = path.join(dir, 'c');
    await saveCheckpoint(ckpt, net, null, { step: 1, config, adamSteps: 0, bestValLoss: null });
    await expect(loadOptimizer(ckpt, adam, 0)).rejects.toThrow(/no optimizer state/);
    await truncate(path.join(ckpt, 'weights.bin'), 100);
    await expect(loadCheckpoint(ckpt)).rejects.toThrow(/hold 100 bytes, the manifest describes/);
    await expect(loadCheckpoint(path.join(dir, 'missing'))).rejects.toThrow(/no model.json in/);
    const other = path.join(dir, 'd');
    await saveCheckpoint(other, net, null, { step: 1, config, adamSteps: 0, bestValLoss: null });
    const json = JSON.parse(await readFile(path.join(other, 'model.json'), 'utf8'));
    json.modelTopology.spec.widths[0] = 9;
    await writeFile(path.join(other, 'model.json'), JSON.stringify(json));
    await expect(loadCheckpoint(other)).rejects.toThrow(/weight 'conv1_1\/kernel' has shape \[3,3,1,8\], the network needs \[3,3,1,9\]/);
    net.dispose();
    adam.dispose();
  });
});
