/**
 * Seeded pseudo-random numbers. Every random choice in the suite (trial plans, bootstrap
 * resamples, data augmentation, simulated participants) draws from one of these, so a
 * recorded seed replays it exactly. Functions take a `RandomSource` (a () => [0, 1)
 * generator, as simple-statistics does) so tests can pass their own.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, from PractRand),
 * seeded through splitmix32 so that nearby seeds give unrelated streams.
 */

export type RandomSource = () => number;

/** splitmix32: a 32-bit mixing step used to expand one seed into generator state. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A generator of uniform floats in [0, 1) determined entirely by `seed` (any integer). */
export function seededRandom(seed: number): RandomSource {
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
  const init = { s: Math.trunc(seed) | 0 };
  let a = splitmix32(init);
  let b = splitmix32(init);
  let c = splitmix32(init);
  let d = splitmix32(init);
  const next = (): number => {
    // sfc32 step: 32-bit additions, a counter `d`, rotate by 21.
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Discard the first outputs: sfc32's state needs a few rounds to mix.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** Derives an independent child seed, e.g. a session's seed from the study seed and its ordinal. */
export function deriveSeed(seed: number, ...path: Array<number | string>): number {
  const state = { s: Math.trunc(seed) | 0 };
  let h = splitmix32(state);
  for (const part of path) {
    const text = String(part);
    for (let i = 0; i < text.length; i++) {
      state.s = (state.s ^ Math.imul(text.charCodeAt(i), 0x01000193)) | 0;
      h = (h ^ splitmix32(state)) >>> 0;
    }
    state.s = (state.s ^ 0x5bd1e995) | 0;
    h = (h ^ splitmix32(state)) >>> 0;
  }
  // Keep seeds in the positive 31-bit range so they fit an SQL INTEGER everywhere.
  return h & 0x7fffffff;
}

/** Uniform integer in [0, n). */
export function randomInt(random: RandomSource, n: number): number {
  if (!Number.isInteger(n) || n <= 0) throw new Error(`randomInt needs a positive integer bound, got ${n}`);
  return Math.floor(random() * n);
}

/** A shuffled copy (Fisher-Yates). */
export function shuffled<T>(items: readonly T[], random: RandomSource): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A standard normal draw (Box-Muller), for simulations. */
export function randomNormal(random: RandomSource): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
