/**
 * The models bundled in model/pretrained/: the exact training commands that produced them
 * and the record (run.json) each carries. Kept apart from the script that runs them so the
 * commands and records can be tested without training anything.
 */
import { METRICS, POOLED_METRICS, type EvaluationResult, type MethodResult, type MetricValues, type PooledValues } from '../../model/metrics/evaluate-folders';
import type { RunRecord } from '../../model/train/run-folder';

/** Where the training photos come from: they stay outside the repository. */
export const BUNDLED_DATA = {
  name: 'clothing-cc0',
  source: 'the "clothing-dataset" by Alexey Grigorev (github.com/alexeygrigorev/clothing-dataset), 5,756 photos down-scaled to a short side of 176 px',
  licence: 'CC0 1.0 (public domain dedication)',
} as const;

/**
 * The recipe (small preset, seed 1, batch 8, WASM so that a rerun on any machine takes the
 * same arithmetic path as the one that made the files):
 *   zhang            7,000 steps from random weights (about 1.2 hours on one core);
 *   coherent,        the seed's head on zhang's trained baseline (`--init-from`, the
 *   coherent-rebal   baseline frozen: the stop-gradient keeps L_C and L_R off it anyway),
 *                    HEAD_STEPS steps each.
 *
 * `segments`: where the recorded run was stopped and resumed, and the step count it was
 * planned for until then. A resumed run draws a fresh seeded batch stream from its step
 * (model/train/loop.ts) and the learning-rate schedule follows the planned count, so an
 * exact reproduction stops and resumes at the same steps with the same plans.
 */
export const HEAD_STEPS = 400;

interface Bundled {
  name: string;
  variant: string;
  steps: number;
  /** Stops before the end: [step, the run's planned --steps until then]. */
  segments: Array<[number, number]>;
  /** Warm start from this bundled model's run, baseline frozen. */
  initFrom?: string;
  /** Settings beyond the preset's. */
  extra: string[];
  /** Decoding settings the export ships with, beyond the training config's (chosen after training: model/config.ts). */
  decode?: { priorCorrection: number };
}

export const BUNDLED: readonly Bundled[] = [
  // Trained as Zhang et al.; decoded with half of the class rebalancing undone
  // (priorCorrection in model/config.ts says why; README "Bundled models" gives both decodings' figures).
  { name: 'zhang', variant: 'zhang', steps: 7000, segments: [[250, 4000], [1000, 4500]], extra: [], decode: { priorCorrection: 0.5 } },
  // The seed's model; it collapses to one colour, as the seed reports (README, "Why coherent collapses").
  { name: 'coherent', variant: 'coherent', steps: HEAD_STEPS, segments: [], initFrom: 'zhang', extra: ['--warmup', '50'] },
  // The seed's proposed fix for that collapse.
  { name: 'coherent-rebal', variant: 'coherent-rebal', steps: HEAD_STEPS, segments: [], initFrom: 'zhang', extra: ['--warmup', '50'] },
];

function bundled(name: string): Bundled {
  const b = BUNDLED.find((m) => m.name === name);
  if (!b) throw new Error(`unknown bundled model '${name}'`);
  return b;
}

/** The run folder of a bundled model's training. */
export function bundledRunDir(runsDir: string, name: string): string {
  return `${runsDir}/bundled-${name}`;
}

/** The settings every bundled model shares, its variant, and its warm start. */
export function trainArgs(name: string, runsDir = 'runs'): string[] {
  const b = bundled(name);
  const warm = b.initFrom ? ['--init-from', bundledRunDir(runsDir, b.initFrom), '--freeze-baseline'] : [];
  return ['--variant', b.variant, '--preset', 'small', '--seed', '1', '--backend', 'wasm', ...b.extra, ...warm];
}

/** The decoding settings a bundled model's export adds to its training config. */
export function bundledDecoding(name: string): { priorCorrection?: number } {
  return bundled(name).decode ?? {};
}

/** The steps a bundled model trains for. */
export function bundledSteps(name: string): number {
  return bundled(name).steps;
}

/**
 * The `npm run train` invocations still to run for a model whose run folder is at
 * checkpoint step `done` (null: no run yet): one per segment between the recorded stops.
 */
export function trainPlan(name: string, data: string, out: string, done: number | null, runsDir = 'runs'): string[][] {
  const b = bundled(name);
  const segments: Array<[number, number]> = [...b.segments, [b.steps, b.steps]];
  const plan: string[][] = [];
  let at = done;
  for (const [end, planned] of segments) {
    if (at !== null && at >= end) continue;
    const stop = end < planned ? ['--stop-at', String(end)] : [];
    plan.push(at === null ? [...trainArgs(name, runsDir), '--steps', String(planned), ...stop, '--data', data, '--out', out] : ['--out', out, '--resume', '--steps', String(planned), ...stop]);
    at = end;
  }
  return plan;
}

export interface ValidationRow extends Record<string, number | string> {
  step: number;
  loss: number;
}

/** The last validation entry of a run's metrics.jsonl (held-out clothing photos). */
export function lastValidation(metricsJsonl: string): ValidationRow | null {
  let last: ValidationRow | null = null;
  for (const line of metricsJsonl.split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as ValidationRow & { kind: string };
    if (row.kind === 'val' && (!last || row.step >= last.step)) {
      const { kind: _kind, ...rest } = row;
      last = rest;
    }
  }
  return last;
}

export interface BundledRecord {
  name: string;
  /** The command that reproduces the model (with the data folder named by the user)... */
  command: string;
  /** ...and the training commands it runs. */
  runs: string[];
  data: typeof BUNDLED_DATA;
  variant: string;
  preset: string;
  seed: number;
  steps: number;
  batch: number;
  backend: string;
  tfjs: string;
  commit: string | null;
  trainedAt: string;
  /** Interruptions: the run was resumed from its checkpoint at these steps. */
  resumedAt: number[];
  parameters: number;
  weights: { dtype: 'float16'; bytes: number };
  /** Last validation on held-out clothing photos (centre crops at the training size, during training). */
  validation: ValidationRow | null;
  /** The exported model colorizing photos it never saw, each beside the baselines: */
  /** the run's held-out clothing photos (its split.json), whole, at their own size; */
  heldOut: EvaluationSummary;
  /** the 24 bundled Kodak photos (out of domain). */
  kodak: EvaluationSummary;
  /** How the figures above were decoded (the model's defaults: what `npm run colorize` does). */
  decoding: { T: number; priorCorrection: number };
  /** When that is not Zhang's decoding: the same photos decoded as Zhang et al. do (prior correction 0). */
  zhangDecoding?: { heldOut: EvaluationSummary; kodak: EvaluationSummary };
}

export type Scores = MetricValues & PooledValues;

/** One evaluation in a record: the model's figures and the two baselines' on the same photos. */
export interface EvaluationSummary {
  images: number;
  model: Scores;
  grayscale: Scores;
  constant: Scores & { ab: { a: number; b: number } };
  /** Colourfulness of the real photos (the reference for that column). */
  realColorfulness: number;
}

const scores = (m: MethodResult): Scores => Object.fromEntries([...METRICS, ...POOLED_METRICS].map((k) => [k, m[k]])) as Scores;

export function summariseEvaluation(result: EvaluationResult): EvaluationSummary {
  const [model] = result.methods;
  const baseline = (name: string) => {
    const b = result.baselines.find((x) => x.baseline === name);
    if (!b) throw new Error(`the evaluation has no ${name} baseline`);
    return b;
  };
  return {
    images: model.n,
    model: scores(model),
    grayscale: scores(baseline('grayscale')),
    constant: { ...scores(baseline('constant')), ab: { a: result.constantAb.a, b: result.constantAb.b } },
    realColorfulness: result.realColorfulness.mean,
  };
}

/** An exported model's evaluations (train-bundled.ts's evaluateExport). */
export interface ExportEvaluation {
  heldOut: EvaluationResult;
  kodak: EvaluationResult;
  decoding: { T: number; priorCorrection: number };
  zhangDecoding?: { heldOut: EvaluationResult; kodak: EvaluationResult };
}

/** The part of a record the evaluations fill (a re-score replaces just this). */
export function evaluationFields(e: ExportEvaluation): Pick<BundledRecord, 'heldOut' | 'kodak' | 'decoding' | 'zhangDecoding'> {
  return {
    heldOut: summariseEvaluation(e.heldOut),
    kodak: summariseEvaluation(e.kodak),
    decoding: e.decoding,
    ...(e.zhangDecoding ? { zhangDecoding: { heldOut: summariseEvaluation(e.zhangDecoding.heldOut), kodak: summariseEvaluation(e.zhangDecoding.kodak) } } : {}),
  };
}

export function exportRecord(
  r: ExportEvaluation & {
    name: string;
    run: RunRecord;
    validation: ValidationRow | null;
    parameters: number;
    weightBytes: number;
  },
): BundledRecord {
  const c = r.run.config;
  return {
    name: r.name,
    command: `npm run train:bundled -- --data DIR --only ${r.name}`,
    runs: trainPlan(r.name, 'DIR', bundledRunDir('runs', r.name), null).map((args) => `npm run train -- ${args.join(' ')}`),
    data: BUNDLED_DATA,
    variant: c.variant,
    preset: c.preset,
    seed: c.seed,
    steps: c.steps,
    batch: c.batch,
    backend: r.run.backend,
    tfjs: r.run.tfjs,
    commit: r.run.commit,
    trainedAt: r.run.createdAt,
    resumedAt: r.run.resumes.map((x) => x.fromStep),
    parameters: r.parameters,
    weights: { dtype: 'float16', bytes: r.weightBytes },
    validation: r.validation,
    ...evaluationFields(r),
  };
}
