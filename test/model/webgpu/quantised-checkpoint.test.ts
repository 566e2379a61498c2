// The GPU training run's 8-bit checkpoint (scripts/gpu/train-run.ts), unpacked by
// scripts/gpu/unpack-checkpoint.ts, loads through model/io's loadCheckpoint with each
// weight within half a quantisation step.
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { resolveConfig } from '../../../model/config';
import { loadCheckpoint } from '../../../model/io/checkpoint';
import { ColorizerNet, netSpecOf } from '../../../model/nets/colorizer';
import { writeQuantisedCheckpoint } from '../../../scripts/gpu/train-run';
import { unpackCheckpoint } from '../../../scripts/gpu/unpack-checkpoint';

describe('quantised checkpoint of the GPU training run', () => {
  let dir: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = mkdtempSync(path.join(os.tmpdir(), 'qckpt-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips: large kernels to 8 bits, small tensors exactly', async () => {
    const config = resolveConfig('small', { variant: 'zhang' }); // has kernels of more than 65536 weights
    const net = new ColorizerNet(netSpecOf(config, 313), 5);
    net.bnSteps = 3;
    await writeQuantisedCheckpoint(dir, net, { step: 7, config, adamSteps: 7, bestValLoss: null });
    expect(readdirSync(dir).filter((f) => f.startsWith('weights.bin.')).length).toBeGreaterThan(0);
    await unpackCheckpoint(dir, path.join(dir, 'unpacked'));
    const { net: back, meta } = await loadCheckpoint(path.join(dir, 'unpacked'));
    expect(meta.step).toBe(7);
    expect(back.bnSteps).toBe(3);
    let quantised = 0;
    for (const [name, v] of net.params) {
      const a = (await v.data()) as Float32Array;
      const b = (await back.params.get(name)!.data()) as Float32Array;
      let min = Infinity;
      let max = -Infinity;
      let err = 0;
      for (let i = 0; i < a.length; i++) {
        min = Math.min(min, a[i]);
        max = Math.max(max, a[i]);
        err = Math.max(err, Math.abs(a[i] - b[i]));
      }
      if (a.length >= 65536) {
        quantised++;
        // Half of one step of 256 levels over [min, max], plus float rounding.
        expect(err, name).toBeLessThanOrEqual(((max - min) / 255) * 0.5 * 1.0001 + 1e-7);
      } else {
        expect(err, name).toBe(0);
      }
    }
    expect(quantised).toBeGreaterThan(0);
    net.dispose();
    back.dispose();
  });
});
