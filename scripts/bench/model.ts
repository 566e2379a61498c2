// Training speed of the networks, as measured in this run on this machine: images/s of one
// training step (forward, loss, backward, Adam) for the tiny, small and full presets on the
// cpu and wasm backends, and the wasm/cpu ratio for each. Batches are synthetic (smooth
// random colour fields), so image decoding is not part of the figure (`npm run train`
// reports the loader's time separately). The full preset runs one step at batch 1, and the
// pure-JS cpu backend a single step (no warm-up) beyond tiny: each takes minutes there.
//
// Each figure is measured in a child process with a time limit (MODEL_BENCH_LIMIT_S, default
// 900): the cpu backend's step of the full preset takes hours, so it is reported as a bound.
// MODEL_BENCH_PRESETS=tiny,small and MODEL_BENCH_BACKENDS=wasm narrow the run.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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
const limitS = Number(process.env.MODEL_BENCH_LIMIT_S ?? 900);

/** Runs one case in a child process (fresh memory, and a time limit); ms per step, or null past the limit. */
function measure(index: number, backend: 'cpu' | 'wasm'): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--case', String(index), backend], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitS * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') return resolve(null);
      const m = /ms=([\d.]+)/.exec(out);
      if (code === 0 && m) resolve(Number(m[1]));
      else reject(new Error(`benchmark case ${index} on ${backend} failed (exit ${code})`));
    });
  });
}

const caseArg = process.argv.indexOf('--case');
if (caseArg >= 0) {
  // Child: one measurement.
  const backend = process.argv[caseArg + 2] as 'cpu' | 'wasm';
  await selectBackend(backend);
  console.log(`ms=${await stepMs(CASES[Number(process.argv[caseArg + 1])], backend)}`);
  process.exit(0);
}

console.log(`training step, images/s (synthetic batches; each figure in its own process on this machine, in this run; > marks a bound: the steps passed the ${limitS} s limit)`);
console.log(`${'preset'.padEnd(7)}${'variant'.padEnd(10)}${'batch'.padStart(6)}${backends.map((b) => `${b} ms/step`.padStart(16) + `${b} img/s`.padStart(13)).join('')}${backends.length === 2 ? '   wasm/cpu' : ''}`);
for (const [i, c] of CASES.entries()) {
  if (!presets.includes(c.preset)) continue;
  const ms: Record<string, number | null> = {};
  for (const b of backends) ms[b] = await measure(i, b);
  // Past the limit, the warm-up and timed steps together took longer than it: a lower bound per step.
  const bound = (b: 'cpu' | 'wasm') => (limitS * 1000) / (c.steps[b][0] + c.steps[b][1]);
  const cell = (b: 'cpu' | 'wasm') => {
    const v = ms[b];
    return v === null
      ? `> ${bound(b).toFixed(0)}`.padStart(16) + `< ${((c.batch * 1000) / bound(b)).toFixed(4)}`.padStart(13)
      : v.toFixed(0).padStart(16) + ((c.batch * 1000) / v).toFixed(3).padStart(13);
  };
  let ratio = '';
  if (backends.length === 2 && ms.wasm !== null) ratio = ms.cpu === null ? `> ${(bound('cpu') / ms.wasm!).toFixed(0)}x` : `${(ms.cpu! / ms.wasm!).toFixed(1)}x`;
  console.log(`${c.preset.padEnd(7)}${c.variant.padEnd(10)}${String(c.batch).padStart(6)}${backends.map(cell).join('')}${ratio.padStart(11)}`);
}
