// The networks' speed on the CPU against PyTorch on the same machine, in the same run: images/s
// of training steps (forward, loss, backward, Adam) and of forward passes, ours on tfjs's WASM
// backend (one thread, as tfjs runs it in Node) and a PyTorch twin with one thread, built from
// the same layer list (scripts/gpu/torch_reference.py --serve; parameter counts are checked
// equal). Batches are synthetic, so image decoding is not part of the figure.
//
// Each case starts one process per side (network built, warm-up steps run and excluded), then
// asks them for timed blocks in turn, ours then PyTorch, MODEL_BENCH_ROUNDS times (default 3);
// each block's figure is the median step, and the table the median block. CPU time per step
// is measured beside wall-clock time: its ratio is steadier on a shared machine.
//
// PyTorch: Debian's python3-torch (`apt-get install python3-torch`, then /usr/bin/python3; a
// pyenv `python3` on PATH has no torch); TORCH_PYTHON names another interpreter. Without it,
// our side is measured alone and the reference is reported as skipped.
// MODEL_BENCH_CASES=1,3 picks cases by number; MODEL_BENCH_LIMIT_S (default 900) bounds each case.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

interface Case {
  preset: 'tiny' | 'small' | 'full';
  variant: string;
  mode: 'train' | 'forward';
  batch: number;
  /** Steps per timed block. */
  timed: number;
}

const CASES: Case[] = [
  { preset: 'small', variant: 'zhang', mode: 'train', batch: 8, timed: 3 },
  { preset: 'small', variant: 'coherent', mode: 'train', batch: 8, timed: 2 },
  { preset: 'tiny', variant: 'zhang', mode: 'train', batch: 4, timed: 5 },
  { preset: 'small', variant: 'zhang', mode: 'forward', batch: 1, timed: 10 },
  { preset: 'full', variant: 'zhang', mode: 'forward', batch: 1, timed: 1 },
];
// PyTorch's first steps set up oneDNN primitives and its allocator: two warm-up steps for both sides.
const WARMUP = 2;

const here = path.dirname(fileURLToPath(import.meta.url));
const TORCH_SCRIPT = path.join(here, '..', 'gpu', 'torch_reference.py');
const PYTHON = process.env.TORCH_PYTHON ?? '/usr/bin/python3';
const rounds = Math.max(1, Number(process.env.MODEL_BENCH_ROUNDS ?? 3));
const limitS = Number(process.env.MODEL_BENCH_LIMIT_S ?? 900);
const wanted = process.env.MODEL_BENCH_CASES ? process.env.MODEL_BENCH_CASES.split(',').map((s) => Number(s.trim()) - 1) : CASES.map((_, i) => i);

interface Block {
  ms: number;
  cpu: number;
}

/** A child speaking the line protocol: `ready parameters=N`, then `run` -> `ms=… cpu=…`. */
class Worker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private closed = false;

  constructor(command: string, args: string[], readonly name: string) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    this.child.stderr.on('data', (d) => (err = (err + d).slice(-2000)));
    createInterface({ input: this.child.stdout }).on('line', (line) => this.push(line));
    this.child.on('close', (code) => {
      this.closed = true;
      if (code) console.error(`${name} exited with ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`);
      this.push(null);
    });
  }

  private push(line: string | null): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w(line);
    } else if (line !== null) this.lines.push(line);
  }

  private next(pattern: RegExp): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const take = (line: string | null): void => {
        if (line === null) return reject(new Error(`${this.name} stopped`));
        const m = pattern.exec(line);
        if (m) return resolve(m);
        this.waiting = take; // other output (tfjs's notices): keep reading
      };
      const queued = this.lines.shift();
      if (queued !== undefined) take(queued);
      else if (this.closed) reject(new Error(`${this.name} stopped`));
      else this.waiting = take;
    });
  }

  async ready(): Promise<number> {
    return Number((await this.next(/^ready parameters=(\d+)/))[1]);
  }

  async run(): Promise<Block> {
    this.child.stdin.write('run\n');
    const m = await this.next(/^ms=([\d.e+-]+) cpu=([\d.e+-]+)/);
    return { ms: Number(m[1]), cpu: Number(m[2]) };
  }

  stop(): void {
    this.child.stdin.end();
    this.child.kill();
  }
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** Our side of one case, in this process: the line protocol on stdin/stdout. */
async function serveOurs(c: Case): Promise<void> {
  const tf = await import('@tensorflow/tfjs');
  const { selectBackend } = await import('../../model/backend/select');
  const { computeAbBins } = await import('../../model/color/bins');
  const { resolveConfig } = await import('../../model/config');
  const { syntheticLabBatch } = await import('../../model/dataset/synthetic');
  const { ColorizerNet, netSpecOf } = await import('../../model/nets/colorizer');
  const { Adam } = await import('../../model/train/adam');
  const { splitLab, toTensors } = await import('../../model/train/objective');
  const { trainStep } = await import('../../model/train/step');
  await selectBackend('wasm');
  const config = resolveConfig(c.preset, { variant: c.variant, batch: c.batch });
  const bins = computeAbBins();
  const net = new ColorizerNet(netSpecOf(config, bins.Q), 1);
  const adam = new Adam({ lr: config.lr, beta1: config.beta1, beta2: config.beta2, weightDecay: config.weightDecay });
  const ctx = { config, bins, colourWeights: new Float32Array(bins.Q).fill(1), gradientPrior: null };
  const batch = toTensors(syntheticLabBatch(c.batch, config.size, 7), ctx);
  const { lNorm } = splitLab(batch.lab);
  const work = async () => {
    if (c.mode === 'train') {
      await trainStep(net, adam, batch, ctx);
      return;
    }
    const out = tf.tidy(() => net.forward(lNorm, { training: false }).logits!);
    await out.data();
    out.dispose();
  };
  for (let i = 0; i < WARMUP; i++) await work();
  console.log(`ready parameters=${net.countParameters()}`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() !== 'run') break;
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < c.timed; i++) {
      const t = performance.now();
      const u = process.cpuUsage();
      await work();
      const used = process.cpuUsage(u);
      wall.push(performance.now() - t);
      cpu.push((used.user + used.system) / 1000);
    }
    console.log(`ms=${median(wall)} cpu=${median(cpu)}`);
  }
  process.exit(0);
}

/** The layer list and loss settings of a case, for the PyTorch twin. */
async function twinSpec(c: Case): Promise<Record<string, unknown>> {
  const { computeAbBins } = await import('../../model/color/bins');
  const { resolveConfig } = await import('../../model/config');
  const { ColorizerNet, netSpecOf } = await import('../../model/nets/colorizer');
  const config = resolveConfig(c.preset, { variant: c.variant, batch: c.batch });
  const bins = computeAbBins();
  const spec = netSpecOf(config, bins.Q);
  const layers = ColorizerNet.layerLists(spec);
  return {
    ...layers, Q: bins.Q, size: config.size, variant: c.variant, mode: c.mode, batch: c.batch, timed: c.timed, warmup: WARMUP, threads: 1,
    coherenceT: config.coherenceT, regulariserT: config.regulariserT,
  };
}

function torchMissing(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (r.status === 0) return null;
  return `PyTorch reference skipped: ${PYTHON} cannot import torch. Install it with \`apt-get install python3-torch\` (Debian/Ubuntu; then /usr/bin/python3 has it) or set TORCH_PYTHON to a Python that has torch.`;
}

function torchVersion(): string {
  return spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).stdout.trim();
}

const label = (c: Case) => `${c.mode} ${c.preset} ${c.variant} b${c.batch}`;

async function main(): Promise<void> {
  const missing = torchMissing();
  console.log(`CPU: ours = tfjs WASM SIMD, one thread; reference = PyTorch${missing ? '' : ` ${torchVersion()}`}, torch.set_num_threads(1). ${os.cpus()[0]?.model ?? ''}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);
  console.log(`${rounds} interleaved blocks per case (ours, then PyTorch), ${WARMUP} warm-up steps excluded; medians. img/s from wall-clock time; the CPU ratio from each process's CPU time per step.`);
  if (missing) console.log(missing);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'model-bench-'));
  const header = `${'case'.padEnd(30)}${'ours img/s'.padStart(12)}${'torch img/s'.padStart(13)}${'ours/torch'.padStart(12)}${'(CPU time)'.padStart(12)}`;
  console.log(header);
  try {
    for (const i of wanted) {
      const c = CASES[i];
      if (!c) throw new Error(`no case ${i + 1}; cases are 1..${CASES.length}`);
      const specPath = path.join(tmp, `case-${i}.json`);
      writeFileSync(specPath, JSON.stringify(await twinSpec(c)));
      const ours = new Worker(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--serve', String(i)], 'ours');
      const torch = missing ? null : new Worker(PYTHON, [TORCH_SCRIPT, '--serve', specPath], 'PyTorch');
      const timer = setTimeout(() => {
        console.log(`${label(c)}: past the ${limitS} s limit, stopped`);
        ours.stop();
        torch?.stop();
      }, limitS * 1000);
      try {
        const [pOurs, pTorch] = await Promise.all([ours.ready(), torch?.ready()]);
        if (pTorch !== undefined && pTorch !== pOurs) throw new Error(`${label(c)}: the twin has ${pTorch} parameters, ours ${pOurs}`);
        const a: Block[] = [];
        const b: Block[] = [];
        for (let r = 0; r < rounds; r++) {
          a.push(await ours.run());
          if (torch) b.push(await torch.run());
        }
        const oursMs = median(a.map((x) => x.ms));
        const cell = (v: string, w: number) => v.padStart(w);
        let row = `${label(c).padEnd(30)}${cell(((c.batch * 1000) / oursMs).toFixed(2), 12)}`;
        if (torch) {
          const torchMs = median(b.map((x) => x.ms));
          const cpuRatio = median(b.map((x) => x.cpu)) / median(a.map((x) => x.cpu));
          row += `${cell(((c.batch * 1000) / torchMs).toFixed(2), 13)}${cell((torchMs / oursMs).toFixed(3), 12)}${cell(cpuRatio.toFixed(3), 12)}`;
        }
        console.log(row);
      } catch (e) {
        console.log(`${label(c)}: ${(e as Error).message}`);
      } finally {
        clearTimeout(timer);
        ours.stop();
        torch?.stop();
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log('Figures are as good as the machine is quiet: another process on a core slows both sides.');
}

const serveArg = process.argv.indexOf('--serve');
if (serveArg >= 0) await serveOurs(CASES[Number(process.argv[serveArg + 1])]);
else await main();
