import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BackendUnavailable, selectBackend } from '../../../model/backend/select';

describe('selectBackend', () => {
  it('starts a named backend and says which', async () => {
    const c = await selectBackend('cpu');
    expect(c).toMatchObject({ name: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
    const w = await selectBackend('wasm');
    expect(w.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('explains why an unavailable or unknown backend cannot be used', async () => {
    await expect(selectBackend('tensorflow')).rejects.toThrow(BackendUnavailable);
    await expect(selectBackend('tensorflow')).rejects.toThrow(/tfjs-node-gpu is not installed; @tensorflow\/tfjs-node is not installed/);
    await expect(selectBackend('gpu')).rejects.toThrow(/unknown backend 'gpu'/);
  });

  it('auto picks the first usable backend in speed order and gives a reason for each one it passed over', async () => {
    const order = ['tensorflow', 'webgpu', 'wasm', 'cpu'];
    const c = await selectBackend('auto');
    expect(order).toContain(c.name);
    expect(c.skipped.map((s) => s.split(':')[0])).toEqual(order.slice(0, order.indexOf(c.name)));
    expect(tf.getBackend()).toBe(c.name);
  }, 60_000);
});
