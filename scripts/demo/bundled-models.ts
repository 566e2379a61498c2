/**
 * The models bundled in model/pretrained/: the exact training commands that produced them
 * and the record (run.json) each carries. Kept apart from the script that runs them so the
 * commands and records can be tested without training anything.
 */
import { METRICS, type MethodResult, type MetricValues } from '../../model/metrics/evaluate-folders';
import type { RunRecord } from '../../model/train/run-folder';

/** Where the training photos come from: they stay outside the repository. */
export const BUNDLED_DATA = {
  name: 'clothing-cc0',
  source: 'the "clothing-dataset" by Alexey Grigorev (github.com/alexeygrigorev/clothing-dataset), 5,756 photos down-scaled to a short side of 176 px',
  licence: 'CC0 1.0 (public domain dedication)',
} as const;

/**
 * Small preset, seed 1, 1,000 steps of batch 8 on the WASM backend: about 20 minutes
 * (zhang) and 50 minutes (coherent, coherent-rebal) each on 2 CPU cores. WASM is fixed so that a rerun on any
 * machine takes the same arithmetic path as the one that made the files.
 *
 * `stops`: the steps where the recorded runs were interrupted and resumed. A resumed run
 * draws a fresh seeded batch stream from its step (model/train/loop.ts), so reproducing a
 * model exactly means stopping and resuming at the same steps.
 */
export const BUNDLED = [
  { name: 'zhang', variant: 'zhang', stops: [500] },
  { name: 'coherent', variant: 'coherent', stops: [100] },
  // The seed's proposed fix for `coherent`'s collapse to one saturated colour (which the seed reports, and these runs reproduce).
  { name: 'coherent-rebal', variant: 'coherent-rebal', stops: [] },
] as const;

export const BUNDLED_STEPS = 1000;

function bundled(name: string) {
  const b = BUNDLED.find((m) => m.name === name);
  if (!b) throw new Error(`unknown bundled model '${name}'`);
  return b;
}

/** The settings every bundled model shares, and its variant. */
export function trainArgs(name: string): string[] {
  return ['--variant', bundled(name).variant, '--preset', 'small', '--seed', '1', '--backend', 'wasm'];
}

/**
 * The `npm run train` invocations still to run for a model whose run folder is at
 * checkpoint step `done` (null: no run yet): one per segment between the recorded stops.
 */
export function trainPlan(name: string, data: string, out: string, done: number | null): string[][] {
  const ends = [...bundled(name).stops, BUNDLED_STEPS];
  const plan: string[][] = [];
  let at = done;
  for (const end of ends) {
    if (at !== null && at >= end) continue;
    plan.push(at === null ? [...trainArgs(name), '--steps', String(end), '--data', data, '--out', out] : ['--out', out, '--resume', '--steps', String(end)]);
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
  /** Last validation on held-out clothing photos (the training set's own split). */
  validation: ValidationRow | null;
  /** Mean metrics on the 24 bundled Kodak photos, which no model was trained on. */
  kodak: MetricValues & { images: number };
}

export function exportRecord(r: {
  name: string;
  run: RunRecord;
  validation: ValidationRow | null;
  kodak: MethodResult;
  parameters: number;
  weightBytes: number;
}): BundledRecord {
  const c = r.run.config;
  const kodak = Object.fromEntries(METRICS.map((m) => [m, r.kodak[m]])) as MetricValues;
  return {
    name: r.name,
    command: `npm run train:bundled -- --data DIR --only ${r.name}`,
    runs: trainPlan(r.name, 'DIR', `runs/bundled-${r.name}`, null).map((args) => `npm run train -- ${args.join(' ')}`),
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
    kodak: { ...kodak, images: r.kodak.n },
  };
}
