// Training speed of the networks, as measured in this run on this machine: images/s of one
// training step (forward, loss, backward, Adam) for the tiny, small and full presets on the
// cpu and wasm backends, and the wasm/cpu ratio for each. Batches are synthetic (smooth
// random colour fields), so image decoding is not part of the figure (`npm run train`
// reports the loader's time separately). The full preset runs one step at batch 1, and the
// pure-JS cpu backend a single step (no warm-up) beyond tiny: each takes minutes there.
//
// MODEL_BENCH_PRESETS=tiny,small and MODEL_BENCH_BACKENDS=wasm narrow the run.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../model/backend/select';
import { computeAbBins } from '../../model/color/bins';
import { resolveConfig } from '../../model/config';
import { syntheticLabBatch } from '../../model/dataset/synthetic';
import { ColorizerNet, netSpecOf } from '../../model/nets/colorizer';
import { Adam } from '../../model/train/adam';
import { disposeBatch, toTensors } from '../../model/train/objective';
import { trainStep } from '../../model/train/step';

interface Case {
  preset: 'tiny' | 'small' | 'full';
  variant: string;
  batch: number;
  /** Untimed and timed steps per backend: the pure-JS cpu backend gets one timed step beyond tiny (minutes each). */
  steps: Record<'cpu' | 'wasm', [warmup: number, timed: number]>;
}

const CASES: Case[] = [
  { preset: 'tiny', variant: 'zhang', batch: 4, steps: { cpu: [1, 3], wasm: [1, 3] } },
  { preset: 'tiny', variant: 'coherent', batch: 4, steps: { cpu: [1, 2], wasm: [1, 3] } },
  { preset: 'small', variant: 'zhang', batch: 8, steps: { cpu: [0, 1], wasm: [1, 3] } },
  { preset: 'small', variant: 'coherent', batch: 8, steps: { cpu: [0, 1], wasm: [1, 2] } },
  { preset: 'full', variant: 'zhang', batch: 1, steps: { cpu: [0, 1], wasm: [0, 1] } },
];

/** Mean ms per training step after the warm-up steps. */
async function stepMs(c: Case, backend: 'cpu' | 'wasm'): Promise<number> {
  const [warmup, timed] = c.steps[backend];
  const config = resolveConfig(c.preset, { variant: c.variant, batch: c.batch });
  const bins = computeAbBins();
  const net = new ColorizerNet(netSpecOf(config, bins.Q), 1);
  const adam = new Adam({ lr: config.lr, beta1: config.beta1, beta2: config.beta2, weightDecay: config.weightDecay });
  const ctx = { config, bins, colourWeights: new Float32Array(bins.Q).fill(1), gradientPrior: null };
  const batch = toTensors(syntheticLabBatch(c.batch, config.size, 7), ctx);
  try {
    for (let i = 0; i < warmup; i++) await trainStep(net, adam, batch, ctx);
    const t = performance.now();
    for (let i = 0; i < timed; i++) await trainStep(net, adam, batch, ctx);
    return (performance.now() - t) / timed;
  } finally {
    disposeBatch(batch);
    adam.dispose();
    net.dispose();
  }
}

const list = (env: string | undefined, all: string[]) => (env ? env.split(',').map((s) => s.trim()) : all);
const presets = list(process.env.MODEL_BENCH_PRESETS, ['tiny', 'small', 'full']);
const backends = list(process.env.MODEL_BENCH_BACKENDS, ['cpu', 'wasm']) as Array<'cpu' | 'wasm'>;

console.log('training step, images/s (synthetic batches; one process, same machine)');
console.log(`${'preset'.padEnd(7)}${'variant'.padEnd(10)}${'batch'.padStart(6)}${backends.map((b) => `${b} ms/step`.padStart(16) + `${b} img/s`.padStart(13)).join('')}${backends.length === 2 ? '   wasm/cpu' : ''}`);
for (const c of CASES.filter((c) => presets.includes(c.preset))) {
  const ms: Record<string, number> = {};
  for (const b of backends) {
    await selectBackend(b);
    ms[b] = await stepMs(c, b);
  }
  const cells = backends.map((b) => ms[b].toFixed(0).padStart(16) + ((c.batch * 1000) / ms[b]).toFixed(3).padStart(13)).join('');
  const ratio = ms.cpu && ms.wasm ? `${(ms.cpu / ms.wasm).toFixed(1)}x`.padStart(11) : '';
  console.log(`${c.preset.padEnd(7)}${c.variant.padEnd(10)}${String(c.batch).padStart(6)}${cells}${ratio}`);
}
console.log(`(tf.memory().numTensors at the end: ${tf.memory().numTensors})`);
process.exit(0);
