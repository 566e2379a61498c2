/**
 * One typed configuration for a training run (nanoGPT's configurator, typed): every key
 * has a default with a comment, a preset overrides some, and command-line flags override
 * the preset. Unknown keys and values of the wrong type are errors, never ignored.
 *
 * Defaults follow Zhang, Isola & Efros 2016, "Colorful Image Colorization" (ECCV), and
 * their released Caffe files (colorization_train_val_v2.prototxt, solver.prototxt).
 */

import { LR_SCHEDULES } from './train/lr-schedule';

export const VARIANTS = ['zhang', 'zhang-norebal', 'regression', 'coherent', 'coherent-rebal'] as const;
export type Variant = (typeof VARIANTS)[number];
export const PRESETS = ['tiny', 'small', 'full'] as const;
export type Preset = (typeof PRESETS)[number];
export const BACKENDS = ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;

export const DEFAULTS = {
  /** Which network and loss (see model/nets/colorizer.ts): zhang, zhang-norebal, regression, coherent, coherent-rebal. */
  variant: 'zhang' as string,
  /** The preset these values came from (a label; the numbers below are what counts). */
  preset: 'full' as string,

  // ---- network (Zhang's full model; presets shrink it) ----
  /** Side of the square training crop in pixels; a multiple of 8 (three stride-2 convs, one x2 up-conv). */
  size: 224,
  /** Output channels of blocks conv1..conv8 (Zhang: 64, 128, 256, 512, 512, 512, 512, 256). */
  widths: [64, 128, 256, 512, 512, 512, 512, 256],
  /** Convs per block conv1..conv7, and the 3x3 convs of conv8 after its 4x4 transposed conv (Zhang: 2,2,3,3,3,3,3,2). */
  depths: [2, 2, 3, 3, 3, 3, 3, 2],
  /** Dilation of the 3x3 convs of each block (Zhang: conv5 and conv6 at 2; the "a trous" blocks). */
  dilations: [1, 1, 1, 1, 2, 2, 1, 1],
  /** conv8's x2 up-sampling: 'transposed' (Zhang's 4x4 stride-2 transposed conv) or 'bilinear' (bilinear resize, then a 3x3 conv; no checkerboard). */
  upsample: 'transposed' as string,
  /** Coherent variants: widths of the 3x3 convs of the grayscale branch at full resolution (the seed leaves them open). */
  branchWidths: [64, 64],
  /** Coherent variants: width of the projection of Z and of the 3x3 conv on [projected Z, branch] before the 1x1 conv to Q logits. */
  refineWidth: 64,
  /** Decay of the BatchNorm running averages (bias-corrected, so short runs get usable statistics). */
  bnDecay: 0.99,

  // ---- optimisation (Zhang's solver) ----
  /** Images per step (Zhang: 40). */
  batch: 40,
  /** Adam learning rate (Zhang: 3e-5). */
  lr: 3e-5,
  /** Learning-rate schedule: constant, or cosine (warm-up, then cosine decay to lrFinal · lr at the last step; model/train/lr-schedule.ts). */
  lrSchedule: 'constant' as string,
  /** cosine: the rate at the last step as a fraction of lr. */
  lrFinal: 0.05,
  /** Steps of linear warm-up from 0 to lr (0: none). */
  warmup: 0,
  /** Adam beta1 (Zhang: 0.9). */
  beta1: 0.9,
  /** Adam beta2 (Zhang: 0.99). */
  beta2: 0.99,
  /** L2 weight decay on conv kernels, added to the gradient as Caffe does (Zhang: 1e-3). */
  weightDecay: 1e-3,
  /** Training steps in total (a resumed run continues up to this count). */
  steps: 200_000,

  // ---- losses ----
  /** Rebalancing mix with the uniform distribution, w ∝ ((1-λ)p + λ/Q)^-1 (Zhang: 0.5; zhang-norebal forces 1). */
  lambda: 0.5,
  /** Soft-encoding: nearest bins per pixel (Zhang's paper: 5; their Caffe layer: 10). */
  neighbours: 5,
  /** Soft-encoding and prior smoothing Gaussian sigma in ab units (Zhang: 5). */
  sigma: 5,
  /** Annealed-mean temperature for decoding in metrics and colorizing (Zhang: 0.38). */
  annealT: 0.38,
  /**
   * Decoding (zhang variants): undo this fraction β of the class rebalancing before the
   * annealed mean, q · w^-β (0: Zhang's decoding; 1: the plain posterior; model/color/decode.ts).
   * Trained with rebalancing, the network favours rare colours by w; on a prior as peaked as
   * our clothing photos' (the top bin holds 29% of the pixels, w spans 0.10..6.4) that paints
   * grey mid-tones pink (mean a = +10.6 on the grey mid-tones of 64 held-out photos at β = 0). The bundled
   * `zhang` decodes at β = 0.5, chosen on 96 of its training photos (not the held-out ones)
   * among 0, ¼, ½, ¾, 1 as the best plain AuC that keeps colourfulness at ≥ 60% of the
   * photos' and the rebalanced AuC above grayscale's (AuC 86.6 → 88.1 → 89.2 → 89.7 → 89.6;
   * colourfulness 48 → 41 → 32 → 22 → 14, photos 46). A decoding setting: training reads it
   * only to score validation as `colorize` would.
   */
  priorCorrection: 0,
  /** Coherent: temperature of f_T that turns the refined distribution Ẑ into ab for L_C (the seed: "a small T"). */
  coherenceT: 0.1,
  /** Coherent: temperature of f_T in the colour regulariser L_R, Eq. 5 (the seed: 0.01). */
  regulariserT: 0.01,
  /** Coherent: weight of L_C (on ab / 110) in the total loss (the seed does not give it). */
  coherenceWeight: 1,
  /** Coherent: weight of L_R in the total loss (the seed does not give it). */
  regulariserWeight: 1,
  /** Coherent variants: train only the coherent head, the baseline (conv1..conv8) frozen in inference mode; for a warm start from a trained zhang run (`--init-from`). */
  freezeBaseline: false,
  /** coherent-rebal: edges (ab units) of the ground-truth gradient-magnitude bins; the last bin is open. */
  gradientBins: [0, 1, 2, 4, 8, 16, 32, 64],
  /** coherent-rebal: mix with the uniform distribution for the gradient-magnitude weights, as lambda. */
  gradientLambda: 0.5,
  /** coherent-rebal: weight L_C by the inverse frequency of the ground truth's gradient magnitude (the seed's first proposal). */
  gradientRebalance: true,
  /** coherent-rebal: also lower L_C and L_R in very dark and very bright regions (the seed's second proposal). */
  luminanceWeight: false,

  // ---- data ----
  /** Short side the image is resized to before the random crop (Zhang: 256 -> 176 crops; here 256 -> 224). */
  resize: 256,
  /** Fraction of the images held out for validation (seeded split). */
  valFraction: 0.05,
  /** Validation images scored at each evaluation (centre crops; capped for speed). */
  valImages: 64,
  /** Training images sampled to estimate the empirical ab (and gradient-magnitude) distribution. */
  priorImages: 500,
  /** Batches loaded ahead of the step (sharp decodes on its own threads). */
  prefetch: 2,

  // ---- bookkeeping ----
  /** Seed of everything random: initialisation, split, crops, mirroring. */
  seed: 1,
  /** Steps between validation passes (held-out loss and metrics). */
  evalEvery: 1000,
  /** Steps between checkpoints (one is also written at the end and on Ctrl-C). */
  saveEvery: 1000,
  /** Steps between lines in metrics.jsonl. */
  logEvery: 10,
  /** Steps between measurements of each loss term's gradient norm (one extra backward pass per term; 0: never; only for variants with several terms). */
  gradNormEvery: 50,
  /** Backend: auto (fastest available), tensorflow (tfjs-node[-gpu]), webgpu, wasm or cpu. */
  backend: 'auto' as string,
  /**
   * Threads of the wasm backend: 1 runs tfjs's single-threaded SIMD build (what tfjs uses in
   * Node); N > 1 its threaded build on N threads (model/backend/wasm-threads.ts). 1 until
   * two threads are measured faster on an idle machine (`npm run bench -- model`).
   */
  threads: 1,
};

export type RunConfig = typeof DEFAULTS;
export type ConfigKey = keyof RunConfig;

/** Zhang's numbers at 224 px as defaults; each preset overrides what makes it small. */
export const PRESET_OVERRIDES: Record<Preset, Partial<RunConfig>> = {
  full: {},
  // Trains on a 2-core CPU (WASM backend, one thread) in minutes: narrower, shallower,
  // batch 8 of 64 px crops of images resized to 88 px (the clothing photos are 176 px: half
  // size keeps whole garments in view). A larger lr than Zhang's because runs are a
  // thousand steps, not 450k.
  small: {
    preset: 'small',
    // Resize-conv up-sampling: no checkerboard in the ab of a net trained for hours, not weeks.
    upsample: 'bilinear',
    // Cosine decay after a short warm-up: a high rate for most of a few-thousand-step run,
    // a low one at the end (the last few hundred steps settle the colours; measured on the
    // validation AuC). The warm-up keeps the first Adam steps from blowing up BatchNorm.
    lrSchedule: 'cosine',
    lrFinal: 0.05,
    warmup: 200,
    size: 64,
    resize: 88,
    widths: [32, 64, 128, 128, 128, 128, 128, 64],
    depths: [1, 1, 2, 2, 2, 2, 2, 1],
    branchWidths: [16, 16],
    refineWidth: 32,
    batch: 8,
    lr: 1e-3,
    weightDecay: 1e-4,
    bnDecay: 0.95,
    steps: 1000,
    evalEvery: 100,
    saveEvery: 100,
    valImages: 32,
    priorImages: 300,
  },
  // For tests: seconds per run, not a useful colorizer.
  tiny: {
    preset: 'tiny',
    size: 32,
    resize: 40,
    widths: [8, 16, 16, 32, 32, 32, 32, 16],
    depths: [1, 1, 1, 1, 1, 1, 1, 1],
    branchWidths: [8],
    refineWidth: 16,
    batch: 4,
    lr: 3e-3,
    weightDecay: 0,
    bnDecay: 0.9,
    steps: 20,
    evalEvery: 10,
    saveEvery: 10,
    logEvery: 1,
    valFraction: 0.25,
    valImages: 4,
    priorImages: 16,
    prefetch: 1,
  },
};

/** Keys that fix the shapes of the weights: a checkpoint only resumes into the same values. */
export const ARCHITECTURE_KEYS = ['variant', 'widths', 'depths', 'dilations', 'upsample', 'branchWidths', 'refineWidth'] as const;
export const UPSAMPLES = ['transposed', 'bilinear'] as const;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'number list';
  return typeof v;
}

/**
 * Checks and coerces one value against the default's type. Strings from the command line
 * are parsed ("1e-3" -> 0.001, "1,2,3" -> [1, 2, 3], "true" -> true).
 */
export function coerceValue(key: string, raw: unknown): RunConfig[ConfigKey] {
  if (!(key in DEFAULTS)) {
    throw new ConfigError(`unknown setting '${key}'; known settings: ${Object.keys(DEFAULTS).join(', ')}`);
  }
  const def = DEFAULTS[key as ConfigKey];
  const bad = () => new ConfigError(`setting '${key}' must be a ${typeName(def)}, got ${JSON.stringify(raw)}`);
  if (Array.isArray(def)) {
    const list = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number) : raw;
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'number' || !Number.isFinite(x))) throw bad();
    return list as number[];
  }
  if (typeof def === 'number') {
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isFinite(n)) throw bad();
    return n;
  }
  if (typeof def === 'boolean') {
    if (raw === 'true' || raw === true) return true;
    if (raw === 'false' || raw === false) return false;
    throw bad();
  }
  if (typeof raw !== 'string') throw bad();
  return raw;
}

/** Checks the relations between values that the types alone do not. */
export function validateConfig(c: RunConfig): RunConfig {
  const fail = (msg: string) => {
    throw new ConfigError(msg);
  };
  if (!(VARIANTS as readonly string[]).includes(c.variant)) fail(`variant must be one of ${VARIANTS.join(', ')}; got '${c.variant}'`);
  if (!(PRESETS as readonly string[]).includes(c.preset)) fail(`preset must be one of ${PRESETS.join(', ')}; got '${c.preset}'`);
  if (!(LR_SCHEDULES as readonly string[]).includes(c.lrSchedule)) fail(`lrSchedule must be one of ${LR_SCHEDULES.join(', ')}; got '${c.lrSchedule}'`);
  if (!(c.lrFinal >= 0 && c.lrFinal <= 1)) fail(`lrFinal must be in [0, 1], got ${c.lrFinal}`);
  if (!Number.isInteger(c.warmup) || c.warmup < 0) fail(`warmup must be a whole number of steps >= 0, got ${c.warmup}`);
  if (!(UPSAMPLES as readonly string[]).includes(c.upsample)) fail(`upsample must be one of ${UPSAMPLES.join(', ')}; got '${c.upsample}'`);
  if (!(BACKENDS as readonly string[]).includes(c.backend)) fail(`backend must be one of ${BACKENDS.join(', ')}; got '${c.backend}'`);
  const posInt = (key: ConfigKey, v: number) => {
    if (!Number.isInteger(v) || v <= 0) fail(`${key} must be a positive integer, got ${v}`);
  };
  posInt('threads', c.threads);
  if (!Number.isInteger(c.size) || c.size < 16 || c.size % 8 !== 0) fail(`size must be a multiple of 8 and at least 16, got ${c.size}`);
  if (c.resize < c.size) fail(`resize (${c.resize}) must be at least size (${c.size}): crops are taken from the resized image`);
  for (const key of ['widths', 'depths', 'dilations'] as const) {
    if (c[key].length !== 8) fail(`${key} needs 8 values (blocks conv1..conv8), got ${c[key].length}`);
    c[key].forEach((v) => posInt(key, v));
  }
  if (c.branchWidths.length === 0) fail('branchWidths needs at least one value');
  c.branchWidths.forEach((v) => posInt('branchWidths', v));
  if (!Number.isInteger(c.gradNormEvery) || c.gradNormEvery < 0) fail(`gradNormEvery must be a whole number of steps >= 0, got ${c.gradNormEvery}`);
  if (c.freezeBaseline && !isCoherent(c.variant)) fail(`freezeBaseline trains only the coherent head: it needs a coherent variant, not '${c.variant}'`);
  for (const key of ['refineWidth', 'batch', 'steps', 'evalEvery', 'saveEvery', 'logEvery', 'valImages', 'priorImages', 'prefetch', 'neighbours'] as const) {
    posInt(key, c[key]);
  }
  for (const key of ['lr', 'sigma', 'annealT', 'coherenceT', 'regulariserT'] as const) {
    if (!(c[key] > 0)) fail(`${key} must be positive, got ${c[key]}`);
  }
  for (const key of ['beta1', 'beta2', 'bnDecay'] as const) {
    if (!(c[key] >= 0 && c[key] < 1)) fail(`${key} must be in [0, 1), got ${c[key]}`);
  }
  for (const key of ['lambda', 'gradientLambda', 'priorCorrection'] as const) {
    if (!(c[key] >= 0 && c[key] <= 1)) fail(`${key} must be in [0, 1], got ${c[key]}`);
  }
  if (!(c.valFraction >= 0 && c.valFraction < 1)) fail(`valFraction must be in [0, 1), got ${c.valFraction}`);
  for (const key of ['weightDecay', 'coherenceWeight', 'regulariserWeight'] as const) {
    if (!(c[key] >= 0)) fail(`${key} must be >= 0, got ${c[key]}`);
  }
  const edges = c.gradientBins;
  if (edges.length < 2 || edges[0] !== 0 || edges.some((e, i) => i > 0 && e <= edges[i - 1])) {
    fail(`gradientBins must start at 0 and increase, got ${edges.join(',')}`);
  }
  return c;
}

/**
 * The configuration of a run: defaults, then the preset, then `overrides` (flags or a
 * config.json), checked key by key and as a whole.
 */
export function resolveConfig(preset: string, overrides: Record<string, unknown> = {}): RunConfig {
  if (!(PRESETS as readonly string[]).includes(preset)) {
    throw new ConfigError(`unknown preset '${preset}'; presets: ${PRESETS.join(', ')}`);
  }
  const config: RunConfig = structuredClone({ ...DEFAULTS, ...PRESET_OVERRIDES[preset as Preset], preset });
  for (const [key, raw] of Object.entries(overrides)) {
    if (raw === undefined) continue;
    (config as Record<string, unknown>)[key] = coerceValue(key, raw);
  }
  if ('preset' in overrides && overrides.preset !== preset) {
    throw new ConfigError(`preset given twice ('${preset}' and '${String(overrides.preset)}')`);
  }
  return validateConfig(config);
}

/** The architecture part of a config, for comparing a checkpoint with a run. */
export function architectureOf(c: RunConfig): Record<string, unknown> {
  const keys = ARCHITECTURE_KEYS.filter((k) => isCoherent(c.variant) || (k !== 'branchWidths' && k !== 'refineWidth'));
  // Networks saved before `upsample` existed are Zhang's (transposed conv).
  return Object.fromEntries(keys.map((k) => [k, k === 'upsample' ? (c.upsample ?? 'transposed') : c[k]]));
}

export function isCoherent(variant: string): boolean {
  return variant === 'coherent' || variant === 'coherent-rebal';
}
