/**
 * The GPU machine's entry point (bundled by scripts/gpu/make-device-bundle.sh into
 * .device/entry.cjs; run there as `bash .device/run.sh`). In one run:
 *   1. WebGPU through Dawn on the GPU's Vulkan driver, our kernels registered;
 *   2. the benchmark (scripts/gpu/benchmark.ts): matMul n^3, the network's conv calls,
 *      forward and training images/s of each variant, ours against tfjs's own kernels,
 *      one profiled training step;
 *   3. the same network, shapes and matMul in PyTorch fp32 with TF32 off
 *      (scripts/gpu/torch_reference.py, a child process), and the ratios;
 *   4. a short training run of the full preset on the images shipped in the bundle
 *      (raw RGB, no sharp there), loss before and after, and its checkpoint in $OUT
 *      (weights quantised to 8 bits: a full fp32 checkpoint, 129 MB, exceeds what the
 *      device tool brings back; scripts/gpu/unpack-checkpoint.ts makes a float32 one here).
 * Everything goes to $OUT: gpu-bench.json, and checkpoint/ with model.json + weight parts.
 *
 * Flags: --quick (fewer repetitions, no training run), --variants zhang,coherent,
 * --batch 32, --preset full, --matmul 4096, --train-seconds 90, --train-steps 300,
 * --skip-torch, --data images.json,
 * --unsafe (Dawn without bounds-checking shaders; --matmul-only is used for that child run).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setupNodeWebgpu, registerFastWebgpuKernels } from '../../model/webgpu/index';
import { fmt, runBenchmark, type BenchResult } from './benchmark';
import { trainOnImages, type TrainRunResult } from './train-run';

interface Args {
  quick: boolean;
  variants: string[];
  batch: number;
  preset: string;
  trainSeconds: number;
  trainSteps: number;
  skipTorch: boolean;
  unsafe: boolean;
  matmulOnly: boolean;
  matmul: number;
  /** images.json of the training data (default: the bundle's data/images.json) */
  data?: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    quick: false, variants: ['zhang', 'coherent'], batch: 32, preset: 'full', trainSeconds: 90, trainSteps: 300,
    skipTorch: false, unsafe: false, matmulOnly: false, matmul: 4096,
  };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${f} needs a value`);
      return v;
    };
    if (f === '--quick') a.quick = true;
    else if (f === '--skip-torch') a.skipTorch = true;
    else if (f === '--unsafe') a.unsafe = true;
    else if (f === '--matmul-only') a.matmulOnly = true;
    else if (f === '--variants') a.variants = value().split(',');
    else if (f === '--batch') a.batch = Number(value());
    else if (f === '--preset') a.preset = value();
    else if (f === '--train-seconds') a.trainSeconds = Number(value());
    else if (f === '--train-steps') a.trainSteps = Number(value());
    else if (f === '--matmul') a.matmul = Number(value());
    else if (f === '--data') a.data = value();
    else throw new Error(`unknown flag ${f}`);
  }
  return a;
}

const outDir = process.env.OUT || path.resolve('tmp/gpu-out');
const log = (line: string) => console.log(line);

/** The bundle's root (.device/), where run.sh put us: data files live there. */
const bundleDir = path.resolve(path.dirname(process.argv[1] ?? '.'));

function torchReference(result: BenchResult, args: Args): Record<string, unknown> | null {
  if (args.skipTorch) return null;
  const script = ['scripts/gpu/torch_reference.py', path.join(bundleDir, 'torch_reference.py')].find((p) => existsSync(p));
  if (!script) {
    log('PyTorch reference skipped: torch_reference.py not found');
    return null;
  }
  const specPath = path.join(outDir, 'torch-spec.json');
  writeFileSync(specPath, JSON.stringify({
    batch: args.batch, matmul: result.matmul.n, reps: args.quick ? 5 : 20,
    networks: result.layers, convs: result.convs.map((c) => ({ kernel: c.kernel, inputs: c.inputs, attrs: c.attrs, gflop: c.gflop })),
  }));
  log('PyTorch reference (fp32, TF32 off)...');
  const r = spawnSync('python3', [script, specPath], { encoding: 'utf8', env: { ...process.env, PYTHONUNBUFFERED: '1' }, timeout: 300_000 });
  if (r.status !== 0) {
    log(`PyTorch reference failed (${r.status}): ${(r.stderr || r.error?.message || '').slice(-2000)}`);
    return null;
  }
  process.stdout.write(r.stderr.split('\n').filter((l) => l.startsWith('torch:')).join('\n') + '\n');
  const last = r.stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last) as Record<string, unknown>;
}

function unsafeMatmul(args: Args): Record<string, number> | null {
  // Dawn's bounds clamping costs a little in the inner loop; measure without it, in a
  // child process (device toggles are fixed when the device is created).
  const r = spawnSync(process.execPath, [process.argv[1], '--matmul-only', '--unsafe', '--matmul', String(args.matmul), ...(args.quick ? ['--quick'] : [])],
    { encoding: 'utf8', env: process.env, timeout: 180_000 });
  const line = r.stdout?.split('\n').find((l) => l.startsWith('{"unsafeMatmul"'));
  if (!line) {
    log(`matMul without robustness: no result (${r.status}) ${(r.stderr ?? '').slice(-500)}`);
    return null;
  }
  return (JSON.parse(line) as { unsafeMatmul: Record<string, number> }).unsafeMatmul;
}

const ratio = (a?: number, b?: number) => (a !== undefined && b ? (a / b).toFixed(2) : 'n/a');

function summary(result: BenchResult, torch: Record<string, unknown> | null, train: TrainRunResult | null): string[] {
  const t = torch as { matmul_tflops?: number; networks?: Record<string, { forward: number; train: number }>; convs?: number[] } | null;
  const lines: string[] = [];
  const m = result.matmul;
  const ours = m.tilings[m.best];
  lines.push(`matMul ${m.n}^3 TFLOP/s: ours ${fmt(ours)} (${m.best}), tfjs ${fmt(m.tfjs)}, PyTorch ${fmt(t?.matmul_tflops)}` +
    ` | ours/tfjs ${ratio(ours, m.tfjs)}, ours/PyTorch ${ratio(ours, t?.matmul_tflops)}`);
  for (const n of result.networks) {
    const ref = t?.networks?.[n.variant];
    lines.push(`${n.variant} (${n.size} px, batch ${n.batch}) images/s: forward ours ${fmt(n.forward.ours)}, tfjs ${fmt(n.forward.tfjs)}, PyTorch ${fmt(ref?.forward)}` +
      ` | train ours ${fmt(n.train.ours)}, tfjs ${fmt(n.train.tfjs)}, PyTorch ${fmt(ref?.train)}` +
      ` | ours/PyTorch forward ${ratio(n.forward.ours, ref?.forward)}, train ${ratio(n.train.ours, ref?.train)}` +
      ` | forward ours vs tfjs mismatch ${n.forwardMismatch?.toExponential(1) ?? 'n/a'}`);
  }
  result.convs.forEach((c, i) => {
    const ref = t?.convs?.[i];
    lines.push(`  ${c.kernel.padEnd(21)} ${JSON.stringify(c.inputs)} ${fmt(c.gflop)} GFLOP: ours ${fmt(c.ours)}, tfjs ${fmt(c.tfjs)}, PyTorch ${fmt(ref ?? undefined)} TFLOP/s, mismatch ${c.mismatch?.toExponential(1) ?? 'n/a'}`);
  });
  if (result.profile.length) {
    const total = result.profile.reduce((s, p) => s + p.ms, 0);
    lines.push(`one training step, GPU time by kernel (total ${total.toFixed(1)} ms):`);
    for (const p of result.profile.slice(0, 12)) lines.push(`  ${p.kernel.padEnd(28)} ${p.ms.toFixed(2).padStart(9)} ms  ${p.calls} calls`);
  }
  for (const e of result.errors) lines.push(`error: ${e}`);
  if (train) lines.push(`training run: ${train.steps} steps in ${train.seconds.toFixed(0)} s (${train.imagesPerSecond.toFixed(1)} img/s), held-out loss ${train.valBefore.toFixed(3)} -> ${train.valAfter.toFixed(3)}, checkpoint ${train.checkpoint}`);
  return lines;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(outDir, { recursive: true });
  const setup = await setupNodeWebgpu({ dawnToggles: args.unsafe ? ['disable_robustness'] : [] });
  if (!setup.ok) throw new Error(`WebGPU unavailable: ${setup.reason}`);
  registerFastWebgpuKernels();
  log(`WebGPU adapter: ${setup.adapter}${args.unsafe ? ' (robustness off)' : ''}`);
  const reps = args.quick ? 3 : 10;
  if (args.matmulOnly) {
    const r = await runBenchmark({ preset: args.preset, variants: [], batch: args.batch, matmulSize: args.matmul, reps, baselineReps: 1, compareTfjs: false, log: () => {} });
    console.log(JSON.stringify({ unsafeMatmul: r.matmul.tilings }));
    return;
  }
  const result = await runBenchmark({
    preset: args.preset, variants: args.variants, batch: args.batch, matmulSize: args.matmul,
    reps, baselineReps: args.quick ? 1 : 2, compareTfjs: true, log,
  });
  const unsafe = unsafeMatmul(args);
  const torch = torchReference(result, args);
  let train: TrainRunResult | null = null;
  const data = args.data ?? path.join(bundleDir, 'data', 'images.json');
  if (!args.quick && existsSync(data)) {
    try {
      train = await trainOnImages({
        dataJson: data, outDir: path.join(outDir, 'checkpoint'), preset: args.preset, batch: args.batch,
        maxSeconds: args.trainSeconds, maxSteps: args.trainSteps, log,
      });
    } catch (e) {
      log(`training run failed: ${(e as Error).stack ?? e}`);
    }
  } else if (!args.quick) {
    log(`training run skipped: no ${data} (bundle built without --images)`);
  }
  const lines = summary(result, torch, train);
  log('\n==== summary ====');
  for (const l of lines) log(l);
  writeFileSync(path.join(outDir, 'gpu-bench.json'), JSON.stringify({
    adapter: setup.adapter, when: new Date().toISOString(), args, result, unsafeMatmul: unsafe, torch, train, summary: lines,
  }, null, 1));
  log(`wrote ${path.join(outDir, 'gpu-bench.json')}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`gpu entry failed: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
