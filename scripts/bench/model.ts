// The networks' speed on the CPU against PyTorch on the same machine, in the same run: images/s
// of training steps (forward, loss, backward, Adam) and of forward passes, ours on tfjs's WASM
// backend and a PyTorch twin built from the same layer list (scripts/gpu/torch_reference.py
// --serve; parameter counts are checked equal), at each thread count of MODEL_BENCH_THREADS
// (default 1,2): one thread is tfjs's single-threaded SIMD build (what tfjs runs in Node)
// against torch.set_num_threads(1); N threads is its threaded build (model/backend/
// wasm-threads.ts, `--threads N`) against torch.set_num_threads(N). Batches are synthetic, so
// image decoding is not part of the figure.
//
// Each case starts one process per side and thread count (network built, warm-up steps run
// and excluded), then asks them for timed blocks in turn (ours then PyTorch, one thread count
// after the other), MODEL_BENCH_ROUNDS times (default 3); each block's figure is the median
// step, and the table the median block. CPU time per step (all of a process's threads) is
// measured beside wall-clock time: its ratio is steadier on a shared machine. After each case,
// the speed-up of N threads over one, ours and PyTorch's.
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
const THREADS = (process.env.MODEL_BENCH_THREADS ?? '1,2').split(',').map((s) => Number(s.trim()));
if (THREADS.some((t) => !Number.isInteger(t) || t < 1)) throw new Error(`MODEL_BENCH_THREADS must list whole numbers >= 1, got '${process.env.MODEL_BENCH_THREADS}'`);

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
        // Other output (tfjs's notices): keep reading, queued lines first.
        const queued = this.lines.shift();
        if (queued !== undefined) take(queued);
        else if (this.closed) reject(new Error(`${this.name} stopped`));
        else this.waiting = take;
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

  /** Our side's backend line, printed before `ready`. */
  async backend(): Promise<string> {
    return (await this.next(/^backend (.*)$/))[1];
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
async function serveOurs(c: Case, threads: number): Promise<void> {
  const tf = await import('@tensorflow/tfjs');
  const { selectBackend } = await import('../../model/backend/select');
  const { computeAbBins } = await import('../../model/color/bins');
  const { resolveConfig } = await import('../../model/config');
  const { syntheticLabBatch } = await import('../../model/dataset/synthetic');
  const { ColorizerNet, netSpecOf } = await import('../../model/nets/colorizer');
  const { Adam } = await import('../../model/train/adam');
  const { splitLab, toTensors } = await import('../../model/train/objective');
  const { trainStep } = await import('../../model/train/step');
  const backend = await selectBackend('wasm', { threads });
  // A threaded build that did not start would time one thread under the N-thread label.
  if (backend.threads !== threads) throw new Error(`asked for ${threads} threads, got ${backend.detail}`);
  console.log(`backend ${backend.detail}`);
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
async function twinSpec(c: Case, threads: number): Promise<Record<string, unknown>> {
  const { computeAbBins } = await import('../../model/color/bins');
  const { resolveConfig } = await import('../../model/config');
  const { ColorizerNet, netSpecOf } = await import('../../model/nets/colorizer');
  const config = resolveConfig(c.preset, { variant: c.variant, batch: c.batch });
  const bins = computeAbBins();
  const spec = netSpecOf(config, bins.Q);
  const layers = ColorizerNet.layerLists(spec);
  return {
    ...layers, Q: bins.Q, size: config.size, variant: c.variant, mode: c.mode, batch: c.batch, timed: c.timed, warmup: WARMUP, threads,
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

interface Pair {
  threads: number;
  ours: Worker;
  torch: Worker | null;
  a: Block[];
  b: Block[];
}

async function main(): Promise<void> {
  const missing = torchMissing();
  console.log(
    `CPU: ours = tfjs WASM SIMD (one thread: its single-threaded build; more: its threaded build); reference = PyTorch${missing ? '' : ` ${torchVersion()}`} ` +
      `with torch.set_num_threads at the same count. Threads: ${THREADS.join(', ')}. ${os.cpus()[0]?.model ?? ''}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`,
  );
  console.log(`${rounds} interleaved blocks per case (ours, then PyTorch, each thread count), ${WARMUP} warm-up steps excluded; medians. img/s from wall-clock time; the CPU ratio from each process's CPU time per step.`);
  if (missing) console.log(missing);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'model-bench-'));
  const header = `${'case'.padEnd(30)}${'threads'.padStart(8)}${'ours img/s'.padStart(12)}${'torch img/s'.padStart(13)}${'ours/torch'.padStart(12)}${'(CPU time)'.padStart(12)}`;
  console.log(header);
  try {
    for (const i of wanted) {
      const c = CASES[i];
      if (!c) throw new Error(`no case ${i + 1}; cases are 1..${CASES.length}`);
      const pairs: Pair[] = [];
      for (const threads of THREADS) {
        const specPath = path.join(tmp, `case-${i}-t${threads}.json`);
        writeFileSync(specPath, JSON.stringify(await twinSpec(c, threads)));
        pairs.push({
          threads,
          ours: new Worker(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--serve', String(i), String(threads)], `ours (${threads} threads)`),
          torch: missing ? null : new Worker(PYTHON, [TORCH_SCRIPT, '--serve', specPath], `PyTorch (${threads} threads)`),
          a: [],
          b: [],
        });
      }
      const stopAll = () => pairs.forEach((p) => (p.ours.stop(), p.torch?.stop()));
      const timer = setTimeout(() => {
        console.log(`${label(c)}: past the ${limitS} s limit, stopped`);
        stopAll();
      }, limitS * 1000);
      try {
        // One at a time: their warm-up steps would compete for the cores.
        for (const p of pairs) {
          await p.ours.backend();
          const [pOurs, pTorch] = await Promise.all([p.ours.ready(), p.torch?.ready()]);
          if (pTorch !== undefined && pTorch !== pOurs) throw new Error(`${label(c)}: the twin has ${pTorch} parameters, ours ${pOurs}`);
        }
        for (let r = 0; r < rounds; r++) {
          for (const p of pairs) {
            p.a.push(await p.ours.run());
            if (p.torch) p.b.push(await p.torch.run());
          }
        }
        const cell = (v: string, w: number) => v.padStart(w);
        const ms = (blocks: Block[]) => median(blocks.map((x) => x.ms));
        for (const p of pairs) {
          let row = `${label(c).padEnd(30)}${cell(String(p.threads), 8)}${cell(((c.batch * 1000) / ms(p.a)).toFixed(2), 12)}`;
          if (p.torch) {
            const cpuRatio = median(p.b.map((x) => x.cpu)) / median(p.a.map((x) => x.cpu));
            row += `${cell(((c.batch * 1000) / ms(p.b)).toFixed(2), 13)}${cell((ms(p.b) / ms(p.a)).toFixed(3), 12)}${cell(cpuRatio.toFixed(3), 12)}`;
          }
          console.log(row);
        }
        const single = pairs.find((p) => p.threads === 1);
        for (const p of pairs.filter((q) => q.threads > 1 && single)) {
          const torch = p.torch ? `, PyTorch x${(ms(single!.b) / ms(p.b)).toFixed(2)}` : '';
          console.log(`  ${p.threads} threads against one: ours x${(ms(single!.a) / ms(p.a)).toFixed(2)}${torch}`);
        }
      } catch (e) {
        console.log(`${label(c)}: ${(e as Error).message}`);
      } finally {
        clearTimeout(timer);
        stopAll();
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log('Figures are as good as the machine is quiet: another process on a core slows both sides, and threads most of all.');
}

const serveArg = process.argv.indexOf('--serve');
if (serveArg >= 0) await serveOurs(CASES[Number(process.argv[serveArg + 1])], Number(process.argv[serveArg + 2] ?? 1));
else await main();
