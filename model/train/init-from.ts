/**
 * Warm start: a new run's network takes the weights it shares (same name and shape) with
 * another run's checkpoint, e.g. a coherent variant starting from a trained zhang run.
 * Both networks are built from the same layer list, so the baseline part (conv1..conv8,
 * BatchNorm statistics included) carries over whole and only the coherent head starts
 * from random weights. The seed's stop-gradient keeps L_C and L_R off the baseline, so
 * training the head on a frozen, trained baseline optimises the same head objective as
 * joint training does, at a fraction of the cost (no backward pass through the trunk).
 */
import path from 'node:path';
import { ConfigError } from '../config';
import { loadCheckpoint } from '../io/checkpoint';
import type { ColorizerNet } from '../nets/colorizer';
import { exists, RUN_FILES } from './run-folder';

export interface InitRecord {
  /** The run folder or checkpoint folder the weights came from, as given. */
  from: string;
  /** Its training step and variant. */
  step: number;
  variant: string;
  /** Weights copied, and weights of the new network that stayed at their random initialisation. */
  copied: number;
  kept: string[];
}

/** Copies into `net` every weight of the checkpoint at `from` that matches by name and shape. */
export async function initFrom(net: ColorizerNet, from: string): Promise<InitRecord> {
  const dir = (await exists(path.join(from, RUN_FILES.checkpoint, 'model.json'))) ? path.join(from, RUN_FILES.checkpoint) : from;
  if (!(await exists(path.join(dir, 'model.json')))) {
    throw new ConfigError(`--init-from ${from}: no checkpoint there (expected ${RUN_FILES.checkpoint}/model.json or model.json)`);
  }
  const source = await loadCheckpoint(dir);
  try {
    const kept: string[] = [];
    let copied = 0;
    for (const [name, v] of net.params) {
      const s = source.net.params.get(name);
      if (s && s.shape.join('x') === v.shape.join('x')) {
        v.assign(s);
        copied++;
      } else {
        kept.push(name);
      }
    }
    if (copied === 0) throw new ConfigError(`--init-from ${from}: no weight of that network matches this one by name and shape`);
    net.bnSteps = source.net.bnSteps;
    return { from, step: source.meta.step, variant: source.meta.config.variant, copied, kept };
  } finally {
    source.net.dispose();
  }
}
