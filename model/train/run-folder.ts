/**
 * A run folder (`--out runs/NAME`) and what rebuilds a run from it:
 *
 *   config.json      the resolved configuration, data path, commit, backend, command line,
 *                    and one entry per resume
 *   prior.json       the empirical ab distribution and rebalancing weights (and the
 *                    gradient-magnitude distribution for coherent-rebal)
 *   split.json       the validation images (the seeded split, written down)
 *   metrics.jsonl    one JSON object per line: {"kind":"train",...} and {"kind":"val",...}
 *   checkpoint/      model.json + weights.bin (tfjs format) and optimizer.json + .bin
 *   loss-curve.svg   training and validation loss (and .png)
 */
import { appendFile, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { architectureOf, ConfigError, resolveConfig, type RunConfig } from '../config';
import type { InitRecord } from './init-from';

export const RUN_FILES = {
  config: 'config.json',
  prior: 'prior.json',
  split: 'split.json',
  metrics: 'metrics.jsonl',
  checkpoint: 'checkpoint',
  plotSvg: 'loss-curve.svg',
  plotPng: 'loss-curve.png',
} as const;

export interface RunRecord {
  config: RunConfig;
  /** Absolute path of the training images. */
  data: string;
  commit: string | null;
  backend: string;
  tfjs: string;
  command: string[];
  createdAt: string;
  /** Warm start: where the shared weights came from (model/train/init-from.ts). */
  initFrom?: InitRecord;
  resumes: Array<{ at: string; fromStep: number; overrides: Record<string, unknown>; commit: string | null; backend: string }>;
}

export async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

export async function readJson<T>(file: string): Promise<T> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ConfigError(err.code === 'ENOENT' ? `${file} not found` : `cannot read ${file}: ${err.message}`);
  }
}

export async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Write then rename: an interrupted write never leaves half a file.
  const tmp = `${file}.partial`;
  await writeFile(tmp, JSON.stringify(value, null, 2) + '\n');
  await rename(tmp, file);
}

export async function appendMetrics(dir: string, record: Record<string, unknown>): Promise<void> {
  await appendFile(path.join(dir, RUN_FILES.metrics), JSON.stringify(record) + '\n');
}

export async function readMetrics(dir: string): Promise<Array<Record<string, number | string>>> {
  const file = path.join(dir, RUN_FILES.metrics);
  if (!(await exists(file))) return [];
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, number | string>);
}

/**
 * The metrics rows of the training that the checkpoint continues: a run cut off after its
 * last checkpoint logged steps that its resume redid, and those stale rows (past the
 * resume's step, written before it) are left out. The file itself keeps everything.
 */
export function liveMetrics<R extends Record<string, number | string>>(rows: R[], resumes: Pick<RunRecord['resumes'][number], 'at' | 'fromStep'>[]): R[] {
  return rows.filter((r) => !resumes.some((x) => Number(r.step) > x.fromStep && typeof r.time === 'string' && r.time < x.at));
}

/** Refuses to start a new run where one exists (nothing is overwritten). */
export async function assertFreshRunFolder(out: string): Promise<void> {
  if ((await exists(path.join(out, RUN_FILES.config))) || (await exists(path.join(out, RUN_FILES.checkpoint)))) {
    throw new ConfigError(`${out} already holds a run: add --resume to continue it, or choose another --out`);
  }
}

/**
 * The configuration of a resumed run: the saved one with the flags given now applied,
 * refusing flags that would change the network (the checkpoint could not load).
 */
export function resumedConfig(saved: RunConfig, preset: string | undefined, overrides: Record<string, unknown>): RunConfig {
  if (preset !== undefined && preset !== saved.preset) {
    throw new ConfigError(`refusing to resume: the run uses preset '${saved.preset}', not '${preset}'`);
  }
  // Runs saved before `upsample` existed used Zhang's transposed conv, whatever the preset says now.
  saved = { ...saved, upsample: saved.upsample ?? 'transposed' };
  const { preset: _p, ...rest } = saved;
  const merged = resolveConfig(saved.preset, { ...rest, ...overrides });
  const before = architectureOf(saved);
  const after = architectureOf(merged);
  const changed = Object.keys(before).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (changed.length) {
    throw new ConfigError(`refusing to resume: ${changed.map((k) => `${k} ${JSON.stringify(before[k])} -> ${JSON.stringify(after[k])}`).join(', ')} would change the network`);
  }
  return merged;
}
