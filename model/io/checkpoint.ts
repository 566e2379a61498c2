/**
 * Checkpoints: everything needed to rebuild a run and its network (nanoGPT's habit).
 *
 *   <dir>/model.json + weights.bin        network weights (tfjs artifacts); modelTopology
 *                                        holds the NetSpec, userDefinedMetadata the step,
 *                                        the run's config and the BatchNorm step count
 *   <dir>/optimizer.json + optimizer.bin  Adam's moments (only needed to resume)
 *
 * A checkpoint is written into a sibling folder and swapped in by renames, so a crash
 * while saving leaves the previous checkpoint intact.
 */
import * as tf from '@tensorflow/tfjs';
import { rename, rm, stat } from 'node:fs/promises';
import type { RunConfig } from '../config';
import { ColorizerNet, type NetSpec } from '../nets/colorizer';
import type { Adam } from '../train/adam';
import { MODEL_FILES, readTensors, writeTensors } from './tfjs-files';

export const CHECKPOINT_FORMAT = 'colorization-turing-test/colorizer';
const OPTIMIZER_FILES = { json: 'optimizer.json', bin: 'optimizer.bin' };

export interface CheckpointMeta {
  /** Training steps done. */
  step: number;
  /** The run's full configuration. */
  config: RunConfig;
  /** Adam's update count (its bias correction). */
  adamSteps: number;
  /** Best validation loss so far (null before the first evaluation). */
  bestValLoss: number | null;
  savedAt: string;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/** `quantize: 'float16'` stores the weights at half size (bundled models; not for resuming). */
export async function saveCheckpoint(
  dir: string,
  net: ColorizerNet,
  adam: Adam | null,
  meta: Omit<CheckpointMeta, 'savedAt'>,
  opts: { quantize?: 'float16' } = {},
): Promise<void> {
  const partial = `${dir}.partial`;
  const old = `${dir}.old`;
  await rm(partial, { recursive: true, force: true });
  const weights = [...net.params].map(([name, tensor]) => ({ name, tensor }));
  await writeTensors(partial, weights, {
    format: CHECKPOINT_FORMAT,
    modelTopology: { spec: net.spec },
    userDefinedMetadata: { ...meta, bnSteps: net.bnSteps, savedAt: new Date().toISOString() },
    quantize: opts.quantize,
  });
  if (adam) await writeTensors(partial, adam.state(), { format: `${CHECKPOINT_FORMAT}-adam` }, OPTIMIZER_FILES);
  await rm(old, { recursive: true, force: true });
  if (await exists(dir)) await rename(dir, old);
  await rename(partial, dir);
  await rm(old, { recursive: true, force: true });
}

export interface LoadedCheckpoint {
  net: ColorizerNet;
  meta: CheckpointMeta;
}

/** `dir`, or its `.old` copy when a save was interrupted between its two renames. */
async function resolveDir(dir: string): Promise<string> {
  return !(await exists(`${dir}/${MODEL_FILES.json}`)) && (await exists(`${dir}.old/${MODEL_FILES.json}`)) ? `${dir}.old` : dir;
}

/** Rebuilds the network saved in `dir` (weights, spec, BatchNorm statistics). */
export async function loadCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  dir = await resolveDir(dir);
  const { json, tensors } = await readTensors(dir);
  try {
    if (json.format !== CHECKPOINT_FORMAT) throw new Error(`${dir} is not a colorizer checkpoint (format '${json.format}')`);
    const spec = (json.modelTopology as { spec?: NetSpec }).spec;
    const meta = json.userDefinedMetadata as unknown as (CheckpointMeta & { bnSteps: number }) | undefined;
    if (!spec || !meta) throw new Error(`${dir}/model.json lacks the network spec or the run metadata`);
    const net = new ColorizerNet(spec, 0, tensors);
    net.bnSteps = meta.bnSteps;
    return { net, meta };
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/** Restores Adam's moments saved beside the weights. */
export async function loadOptimizer(dir: string, adam: Adam, adamSteps: number): Promise<void> {
  dir = await resolveDir(dir);
  if (!(await exists(`${dir}/${OPTIMIZER_FILES.json}`))) throw new Error(`${dir} has no optimizer state (${OPTIMIZER_FILES.json}); cannot resume`);
  const { tensors } = await readTensors(dir, OPTIMIZER_FILES.json);
  try {
    adam.load(tensors, adamSteps);
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
