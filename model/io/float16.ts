/**
 * IEEE 754 binary16 encoding, for shipping weights at half the size. tfjs reads float16
 * weights (a manifest entry with `quantization: {dtype: 'float16'}`) but has no encoder,
 * so this is the writing half: round to nearest, ties to even, subnormals kept,
 * overflow to infinity.
 */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Rounds `mant >> shift` to nearest, ties to even (the carry may reach the exponent, as it should). */
function roundShift(mant: number, shift: number): number {
  const kept = mant >>> shift;
  const rest = mant & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? kept + 1 : kept;
}

/** The binary16 bit pattern nearest to `x`. */
export function float16Bits(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal: the value is m * 2^-24 with m = (1.mant as a 24-bit integer) >> (14 - e).
    if (e < -10) return sign;
    return sign | roundShift(mant | 0x800000, 14 - e);
  }
  return sign | roundShift((e << 23) | mant, 13);
}

/** float32 values as little-endian binary16 bytes. */
export function encodeFloat16(values: Float32Array | number[]): Uint8Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float16Bits(values[i]);
  // Uint16Array is host-endian; every platform Node runs on here is little-endian, as tfjs assumes.
  return new Uint8Array(out.buffer);
}
