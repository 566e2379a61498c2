/**
 * `npm run bench:gpu`: builds the self-contained GPU entry (.device/, see
 * scripts/gpu/make-device-bundle.sh) and prints the command that runs it on the GPU machine.
 * `npm run bench:gpu -- --local`: runs the same benchmark here, at the small preset, on the
 * backend available (WebGPU with our kernels where VK_DRIVER_FILES gives an adapter, else
 * WASM or CPU), and prints its figures (no PyTorch here).
 *
 * Flags: --images DIR (photos for the GPU training run; default ../shared/data/clothing-cc0
 * when present), --count N (how many, default 120), --local, --backend NAME (with --local),
 * --preset NAME (with --local, default small), --batch N (with --local, default 8).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

class UsageError extends Error {}

interface Args {
  local: boolean;
  images?: string;
  count: number;
  backend: string;
  preset: string;
  batch: number;
}

function parse(argv: string[]): Args {
  const a: Args = { local: false, count: 120, backend: 'auto', preset: 'small', batch: 8 };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${f} needs a value`);
      return v;
    };
    const int = () => {
      const v = Number(value());
      if (!Number.isInteger(v) || v <= 0) throw new UsageError(`${f} needs a positive integer`);
      return v;
    };
    if (f === '--local') a.local = true;
    else if (f === '--images') a.images = value();
    else if (f === '--count') a.count = int();
    else if (f === '--backend') a.backend = value();
    else if (f === '--preset') a.preset = value();
    else if (f === '--batch') a.batch = int();
    else throw new UsageError(`unknown flag ${f} (see the header of scripts/bench-gpu.ts)`);
  }
  return a;
}

async function local(a: Args): Promise<void> {
  const { selectBackend } = await import('../model/backend/select');
  const { runBenchmark, fmt } = await import('./gpu/benchmark');
  const choice = await selectBackend(a.backend);
  console.log(`backend: ${choice.name} (${choice.detail})`);
  const webgpu = choice.name === 'webgpu';
  const r = await runBenchmark({
    preset: a.preset, variants: ['zhang', 'coherent'], batch: a.batch, matmulSize: webgpu ? 256 : 512,
    reps: 3, baselineReps: 1, compareTfjs: webgpu, log: (l) => console.log(l),
  });
  console.log('\n==== summary (this machine; GPU figures come from the GPU machine) ====');
  const m = r.matmul;
  console.log(`matMul ${m.n}^3: ${webgpu ? `ours ${fmt(m.tilings[m.best])} TFLOP/s (${m.best}), ` : ''}tfjs ${fmt(m.tfjs)} TFLOP/s`);
  for (const n of r.networks) {
    const ratio = (x: { ours: number; tfjs?: number }) => (x.tfjs ? ` (ours/tfjs ${(x.ours / x.tfjs).toFixed(2)})` : '');
    console.log(`${n.variant} ${n.size} px batch ${n.batch}: forward ${fmt(n.forward.ours)} img/s${ratio(n.forward)}, train ${fmt(n.train.ours)} img/s${ratio(n.train)}`);
  }
}

function build(a: Args): void {
  const root = path.resolve(import.meta.dirname, '..');
  const images = a.images ?? ['../shared/data/clothing-cc0'].map((p) => path.resolve(root, p)).find((p) => existsSync(p));
  if (a.images && !existsSync(a.images)) throw new UsageError(`no such folder: ${a.images}`);
  const args = ['scripts/gpu/make-device-bundle.sh', ...(images ? ['--images', images, '--count', String(a.count)] : [])];
  console.error(images ? `building .device/ with ${a.count} photos from ${images}` : 'building .device/ without training photos (pass --images DIR)');
  const r = spawnSync('bash', args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`make-device-bundle.sh failed (exit ${r.status})`);
  console.log(`
Bundle ready in .device/. On the GPU machine (device tool), run:
  run(command: "bash .device/run.sh", carry: [".device"], timeout_s: 600)
It measures matMul 4096^3, the network's convolutions, forward/training images/s of the full
preset (batch 32, 224 px) for zhang and coherent (ours vs tfjs's kernels vs PyTorch fp32
with TF32 off), then trains the full preset for up to 90 s; results and the checkpoint
come back under $OUT (gpu-bench.json, log.txt, checkpoint/). About 5 minutes on an H100.
A shorter check: "bash .device/run.sh --quick" (fewer repetitions, no training run).`);
}

async function main(): Promise<void> {
  const a = parse(process.argv.slice(2));
  if (a.local) await local(a);
  else build(a);
}

main().then(
  () => process.exit(0),
  (e) => {
    const expected = e instanceof UsageError || (e as Error).name === 'BackendUnavailable';
    console.error(expected ? (e as Error).message : e);
    process.exit(expected ? 2 : 1);
  },
);
