// The product's plan (tile and K split) for the shapes of the network: pure arithmetic, no GPU.
import { afterEach, describe, expect, it } from 'vitest';
import { NO_EPILOGUE } from '../../../model/webgpu/epilogue';
import type { GemmSpec } from '../../../model/webgpu/gemm-program';
import { planGemm, setGemmOptions } from '../../../model/webgpu/run-gemm';

const spec = (M: number, N: number, K: number, batch = 1): GemmSpec => ({
  key: 't', variableNames: ['A', 'B'], variableComponents: [1, 1], aVec: 'k', bVec: 'n',
  geometry: {}, loaders: '', outIndex: '', M, N, K, batch, outputShape: [batch, M, N], epilogue: NO_EPILOGUE,
});

describe('planGemm', () => {
  afterEach(() => setGemmOptions({}));

  it('keeps big products whole on 128 x 128 tiles', () => {
    const p = planGemm(spec(4096, 4096, 4096));
    expect([p.tiling.tileM, p.tiling.tileN, p.splitK]).toEqual([128, 128, 1]);
    expect(p.kChunk).toBeGreaterThanOrEqual(4096);
  });

  it('uses 128 x 64 tiles for 64-channel convolutions', () => {
    // Zhang's conv1_2 at batch 32: M = 32·112·112 output pixels, N = 64 channels, K = 9·64.
    const p = planGemm(spec(32 * 112 * 112, 64, 576));
    expect([p.tiling.tileM, p.tiling.tileN]).toEqual([128, 64]);
  });

  it('splits K of filter gradients so that every chunk is whole K slices and all of K is covered', () => {
    // conv 112x112x128 filter gradient: M = 9·64, N = 128, K = 32·112·112.
    for (const [M, N, K] of [[576, 128, 401408], [9, 64, 1605632], [4608, 512, 25088], [8, 12, 4096]]) {
      const p = planGemm(spec(M, N, K));
      expect(p.splitK, `${M}x${N}x${K}`).toBeGreaterThan(1);
      expect(p.kChunk % p.tiling.tileK).toBe(0);
      expect(p.splitK * p.kChunk).toBeGreaterThanOrEqual(K); // covered
      expect((p.splitK - 1) * p.kChunk).toBeLessThan(K); // no empty chunk
    }
  });

  it('obeys forced tilings and splits, and rejects unknown tilings', () => {
    setGemmOptions({ tiling: 'small', splitK: 3 });
    const p = planGemm(spec(100, 100, 1000));
    expect([p.tiling.tileM, p.splitK]).toEqual([64, 3]);
    expect(p.kChunk).toBe(336); // ceil(1000 / 3 / 16) · 16
    expect(() => setGemmOptions({ tiling: 'huge' })).toThrow(/unknown GEMM tiling 'huge'/);
  });
});
