// `npm run train:bundled -- --data DIR [--only zhang,coherent] [--export-only]`
// Reproduces the models in model/pretrained/: trains each with the fixed command below
// (runs/bundled-NAME, resumed if it was interrupted), then exports it at float16 with its
// run record, loss curve and held-out metrics on the bundled Kodak photos.
// DIR is the CC0 clothing photo set (see model/pretrained/CREDITS.md for where to get it).
import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseFlags, runCli, UsageError } from '../../model/cli';
import { projectRoot } from '../../app/lib/db/migrations';
import { DEMO_PHOTOS, PRETRAINED } from './demo-study';
import { BUNDLED, BUNDLED_DATA, BUNDLED_STEPS, trainPlan } from './bundled-models';
import { exists, readJson, writeJson } from '../../model/train/run-folder';
import { progress } from '../lib/progress';

const USAGE = `usage: npm run train:bundled -- --data DIR [--only ${BUNDLED.map((b) => b.name).join(',')}] [--export-only]`;

/** The step of the run's checkpoint (read from model.json alone: no weights, no backend), or null. */
async function checkpointStep(run: string): Promise<number | null> {
  const file = path.join(run, 'checkpoint', 'model.json');
  if (!(await exists(file))) return null;
  return (await readJson<{ userDefinedMetadata: { step: number } }>(file)).userDefinedMetadata.step;
}

/** Runs `npm run train` as a user would (its progress bar on this terminal); resumes a cut-off run. */
async function trainOne(name: string, data: string, run: string): Promise<void> {
  const done = await checkpointStep(run);
  if (done !== null && done >= BUNDLED_STEPS) {
    console.error(`${name}: ${run} has finished training (${done} steps)`);
    return;
  }
  const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');
  for (const args of trainPlan(name, data, run, done)) {
    console.error(`${name}: npm run train -- ${args.join(' ')}`);
    const r = spawnSync(tsx, [path.join(projectRoot, 'scripts', 'train.ts'), ...args], { stdio: 'inherit', cwd: projectRoot });
    if (r.status !== 0) throw new Error(`training ${name} failed (exit ${r.status ?? r.signal})`);
  }
}

async function exportOne(name: string, run: string): Promise<void> {
  const tf = await import('@tensorflow/tfjs');
  const { selectBackend } = await import('../../model/backend/select');
  const { loadCheckpoint, saveCheckpoint } = await import('../../model/io/checkpoint');
  const { loadColorizer, colorizeFile } = await import('../../model/colorize/colorize');
  const { evaluateFolders } = await import('../../model/metrics/evaluate-folders');
  const { exportRecord, lastValidation } = await import('./bundled-models');
  await selectBackend('wasm');
  tf.enableProdMode();

  const out = path.join(PRETRAINED, name);
  const { net, meta } = await loadCheckpoint(path.join(run, 'checkpoint'));
  if (meta.step < meta.config.steps) throw new UsageError(`${run} stopped at step ${meta.step} of ${meta.config.steps}: finish training first (drop --export-only)`);
  const parameters = [...net.params.values()].reduce((s, t) => s + t.size, 0);
  await saveCheckpoint(out, net, null, { step: meta.step, config: meta.config, adamSteps: 0, bestValLoss: meta.bestValLoss }, { quantize: 'float16' });
  net.dispose();
  const { writeLossCurve } = await import('../../model/train/plot');
  await writeLossCurve(run); // redrawn: a curve written before a resume still shows the steps it redid
  await copyFile(path.join(run, 'loss-curve.svg'), path.join(out, 'loss-curve.svg'));

  // Held-out metrics of the exported (float16) model on the study photos it never saw.
  const tmp = await mkdtemp(path.join(os.tmpdir(), `bundled-${name}-`));
  try {
    const photos = (await readdir(DEMO_PHOTOS)).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort();
    const colorizer = await loadColorizer(out);
    const bar = progress(`${name}: colorizing the Kodak photos`, photos.length, { unit: 'images' });
    for (const p of photos) {
      await colorizeFile(colorizer, path.join(DEMO_PHOTOS, p), path.join(tmp, `${path.parse(p).name}.png`));
      bar.tick(1);
    }
    bar.done();
    colorizer.dispose();
    const result = await evaluateFolders({ realDir: DEMO_PHOTOS, methods: [{ name, dir: tmp }] });
    const record = exportRecord({
      name,
      run: await readJson(path.join(run, 'config.json')),
      validation: lastValidation(await readFile(path.join(run, 'metrics.jsonl'), 'utf8')),
      kodak: result.methods[0],
      parameters,
      weightBytes: (await stat(path.join(out, 'weights.bin'))).size,
    });
    await writeJson(path.join(out, 'run.json'), record);
    console.error(`${name}: exported to ${path.relative(projectRoot, out)} (Kodak AuC ${record.kodak.auc.toFixed(3)}, PSNR ${record.kodak.psnr.toFixed(2)} dB)`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

await runCli('train:bundled', async () => {
  const { values, switches } = parseFlags(process.argv.slice(2), ['exportOnly', 'help']);
  if (switches.has('help')) {
    console.log(USAGE);
    return 0;
  }
  const names = values.only ? values.only.split(',') : BUNDLED.map((b) => b.name);
  for (const n of names) if (!BUNDLED.some((b) => b.name === n)) throw new UsageError(`unknown bundled model '${n}'\n${USAGE}`);
  const exportOnly = switches.has('exportOnly');
  if (!values.data && !exportOnly) throw new UsageError(`--data DIR is required: the ${BUNDLED_DATA.name} photos (${BUNDLED_DATA.source})\n${USAGE}`);
  for (const name of names) {
    const run = path.join(projectRoot, 'runs', `bundled-${name}`);
    if (!exportOnly) await trainOne(name, path.resolve(values.data), run);
    await exportOne(name, run);
  }
  return 0;
});
