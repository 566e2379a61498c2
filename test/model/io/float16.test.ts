import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { encodeFloat16, float16Bits } from '../../../model/io/float16';

/** Decodes through tfjs's own dequantizer: the reader our files are written for. */
function tfjsDecode(values: number[]): Float32Array {
  const bytes = encodeFloat16(values);
  const spec: tf.io.WeightsManifestEntry = { name: 'w', shape: [values.length], dtype: 'float32', quantization: { dtype: 'float16' } };
  const t = tf.io.decodeWeights(bytes.slice().buffer, [spec]).w;
  const out = t.dataSync() as Float32Array;
  t.dispose();
  return out;
}

describe('float16Bits', () => {
  it('gives the IEEE binary16 patterns of exactly representable values', () => {
    // Patterns from the IEEE 754 tables: 1 = 0x3c00, -2 = 0xc000, largest normal 65504 = 0x7bff,
    // smallest normal 2^-14 = 0x0400, smallest subnormal 2^-24 = 0x0001.
    expect(float16Bits(1)).toBe(0x3c00);
    expect(float16Bits(-2)).toBe(0xc000);
    expect(float16Bits(0.5)).toBe(0x3800);
    expect(float16Bits(65504)).toBe(0x7bff);
    expect(float16Bits(2 ** -14)).toBe(0x0400);
    expect(float16Bits(2 ** -24)).toBe(0x0001);
    expect(float16Bits(0)).toBe(0);
    expect(float16Bits(-0)).toBe(0x8000);
  });

  it('rounds to nearest with ties to even, overflows to infinity and flushes below half the smallest subnormal', () => {
    const ulp1 = 2 ** -10; // spacing of binary16 at 1
    expect(float16Bits(1 + ulp1 / 2)).toBe(0x3c00); // tie, 0x3c00 is even
    expect(float16Bits(1 + (3 * ulp1) / 2)).toBe(0x3c02); // tie, rounds up to even 0x3c02
    expect(float16Bits(1 + ulp1 * 0.51)).toBe(0x3c01);
    expect(float16Bits(65520)).toBe(0x7c00); // halfway to 2^16 rounds to infinity
    expect(float16Bits(1e6)).toBe(0x7c00);
    expect(float16Bits(-Infinity)).toBe(0xfc00);
    expect(float16Bits(NaN) & 0x7c00).toBe(0x7c00);
    expect(float16Bits(NaN) & 0x3ff).not.toBe(0);
    expect(float16Bits(2 ** -26)).toBe(0); // a quarter of the smallest subnormal
    expect(float16Bits(0.75 * 2 ** -24)).toBe(1);
    // Carry from the mantissa into the exponent: the largest value below 2 rounds to 2.
    expect(float16Bits(2 - 2 ** -12)).toBe(0x4000);
  });

  it('round-trips through tfjs within half a binary16 ulp', () => {
    const values: number[] = [];
    let s = 12345;
    for (let i = 0; i < 2000; i++) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      const mag = 10 ** ((s / 2 ** 31) * 8 - 5); // 1e-5 .. 1e3: weights and BatchNorm statistics
      values.push(Math.fround(i % 2 ? mag : -mag)); // float32 inputs, as weights are
    }
    const back = tfjsDecode(values);
    values.forEach((v, i) => {
      const exponent = Math.max(Math.floor(Math.log2(Math.abs(v))), -14);
      const halfUlp = 2 ** (exponent - 11);
      expect(Math.abs(back[i] - v)).toBeLessThanOrEqual(halfUlp * (1 + 1e-6));
    });
  });
});
