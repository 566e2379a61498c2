// `npm run train -- --variant coherent --data DIR --preset small --out runs/NAME [--resume]
// [--backend auto|tensorflow|webgpu|wasm|cpu] [--threads N] [--steps N --lr X ... any setting of model/config.ts]`
// Trains a colorization network; see model/train/loop.ts for what the run folder holds.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../model/backend/select';
import { currentCommit, parseFlags, runCli, UsageError } from '../model/cli';
import { coerceValue, DEFAULTS, PRESETS, resolveConfig, VARIANTS } from '../model/config';
import { train, type TrainEvent } from '../model/train/loop';
import { RUN_FILES } from '../model/train/run-folder';
import { formatDuration, progress, type Progress } from './lib/progress';

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const USAGE = `usage: npm run train -- --data DIR --out runs/NAME [--variant ${VARIANTS.join('|')}]
                      [--preset ${PRESETS.join('|')} (default small)] [--backend auto|tensorflow|webgpu|wasm|cpu]
                      [--threads N] [--resume] [--init-from RUN] [--SETTING VALUE ...]
  --threads N       wasm backend: tfjs's threaded build on N threads (default 1: its single-threaded build)
  --init-from RUN   a new run starts from the weights it shares with RUN's network (e.g. a coherent
                    head on a trained zhang run; add --freeze-baseline to train the head only)
  --stop-at N       stop with a checkpoint after step N (the schedule still plans for --steps; --resume goes on)
settings (defaults come from the preset; see model/config.ts): ${Object.keys(DEFAULTS).filter((k) => k !== 'preset').map((k) => `--${kebab(k)}`).join(' ')}`;

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) >= 0.01 ? v.toFixed(4) : v.toExponential(2));
const termsText = (t: Record<string, number>) => Object.entries(t).map(([k, v]) => `${k} ${fmt(v)}`).join(' ');

await runCli('train', async () => {
  // Boolean settings may be given bare (--freeze-baseline) as well as with a value.
  const booleans = Object.keys(DEFAULTS).filter((k) => typeof DEFAULTS[k as keyof typeof DEFAULTS] === 'boolean');
  const { values, switches } = parseFlags(process.argv.slice(2), ['resume', 'help', ...booleans]);
  if (switches.has('help')) {
    console.log(USAGE);
    return 0;
  }
  const { data, out, preset, initFrom, stopAt: stopAtText, ...settings } = values;
  const stopAt = stopAtText === undefined ? undefined : Number(stopAtText);
  if (stopAt !== undefined && !(Number.isInteger(stopAt) && stopAt > 0)) throw new UsageError(`--stop-at must be a step number >= 1, got '${stopAtText}'`);
  if (initFrom !== undefined && switches.has('resume')) throw new UsageError('--init-from starts a new run; it cannot be combined with --resume');
  for (const s of switches) {
    if (booleans.includes(s)) settings[s] = 'true';
    else if (s !== 'resume') throw new UsageError(`--${s} needs a value\n${USAGE}`);
  }
  if (!out) throw new UsageError(`--out runs/NAME is required\n${USAGE}`);
  const resume = switches.has('resume');
  // Validate flags before starting a backend (a typo should fail fast).
  const config = resume ? undefined : resolveConfig(preset ?? 'small', settings);
  const threads = settings.threads !== undefined ? (coerceValue('threads', settings.threads) as number) : (config?.threads ?? 1);
  const backend = await selectBackend(settings.backend ?? config?.backend ?? 'auto', { threads });
  tf.enableProdMode(); // no tfjs console chatter in a CLI
  console.error(`backend: ${backend.name} — ${backend.detail}`);
  for (const s of backend.skipped) console.error(`  (skipped ${s})`);

  let bar: Progress | null = null;
  let priorBar: Progress | null = null;
  let label = '';
  const onEvent = (e: TrainEvent) => {
    if (e.kind === 'prior') {
      priorBar ??= progress('colour statistics', e.total, { unit: 'images' });
      priorBar.tick(1);
      if (e.done === e.total) priorBar.done();
    } else if (e.kind === 'start') {
      label = `${e.config.variant}/${e.config.preset}`;
      console.error(
        `${label}: ${e.parameters.toLocaleString('en-US')} parameters, ${e.trainImages} training / ${e.valImages} validation images, ` +
          `${e.config.size} px crops, batch ${e.config.batch}, steps ${e.startStep + 1}..${e.steps}`,
      );
      bar = progress(`train ${label}`, e.steps - e.startStep, { unit: 'steps' });
    } else if (e.kind === 'step') {
      bar?.tick(1, `step ${e.step} ${termsText(e.terms)} | ${e.imagesPerSec.toFixed(1)} img/s`);
    } else if (e.kind === 'val') {
      bar?.detail(`step ${e.step} validation: loss ${fmt(e.values.loss)} auc ${fmt(e.values.auc)} psnr ${fmt(e.values.psnr)}`);
    }
  };
  const controller = new AbortController();
  // Ctrl-C reaches this process more than once: from the terminal (the whole process
  // group) and again relayed by `npm run`, which then also sends SIGTERM. Only a second
  // Ctrl-C from the person, a second or more later, quits without saving.
  let interruptedAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interruptedAt) {
      if (signal === 'SIGINT' && Date.now() - interruptedAt > 1000) process.exit(130);
      return;
    }
    interruptedAt = Date.now();
    console.error(`\ninterrupted (${signal}): finishing the current step and saving a checkpoint (Ctrl-C again to quit at once)`);
    controller.abort();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  const started = Date.now();
  const summary = await train({
    out, resume, config, preset, overrides: settings, data, initFrom, stopAt, commit: currentCommit(), backend: `${backend.name}: ${backend.detail}`,
    command: process.argv.slice(2), signal: controller.signal, onEvent,
  });
  (bar as Progress | null)?.done();
  const t = summary.timing;
  console.error(
    `${summary.interrupted ? 'stopped' : 'done'} at step ${summary.step} in ${formatDuration((Date.now() - started) / 1000)}` +
      (summary.last ? ` — last step: ${termsText(summary.last)}` : '') +
      (summary.bestValLoss !== null ? `; best validation loss ${fmt(summary.bestValLoss)}` : ''),
  );
  console.error(
    `time per step: ${t.stepMs.toFixed(0)} ms computing, ${t.waitMs.toFixed(0)} ms waiting for data ` +
      `(loading a batch takes ${t.loadMs.toFixed(0)} ms, overlapped); ${t.imagesPerSec.toFixed(2)} images/s`,
  );
  console.error(`run folder: ${out} (${RUN_FILES.checkpoint}/, ${RUN_FILES.metrics}, ${RUN_FILES.plotSvg}, ${RUN_FILES.prior}, ${RUN_FILES.config})`);
  return 0;
});
