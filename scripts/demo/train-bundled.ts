// `npm run train:bundled -- --data DIR [--only zhang,coherent] [--export-only | --rescore]`
// Reproduces the models in model/pretrained/: trains each with the fixed commands of
// bundled-models.ts (runs/bundled-NAME, resumed if it was interrupted; the coherent heads
// start from zhang's run), then exports it at float16 with its run record, loss curve and
// metrics beside the grayscale and constant-colour baselines on photos it never saw: the
// run's held-out clothing photos and the bundled Kodak photos. `--rescore` redoes only that
// last part for the models in model/pretrained/ as they are (their decoding settings from
// bundled-models.ts, the held-out photos from the seeded split of DIR), e.g. after a change
// of decoding, without their run folders.
// DIR is the CC0 clothing photo set (see model/pretrained/CREDITS.md for where to get it).
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseFlags, runCli, UsageError } from '../../model/cli';
import { projectRoot } from '../../app/lib/db/migrations';
import { DEMO_KODAK, PRETRAINED } from './demo-study';
import { BUNDLED, BUNDLED_DATA, bundledRunDir, bundledSteps, trainPlan, type BundledRecord } from './bundled-models';
import type { RunConfig } from '../../model/config';
import { exists, readJson, writeJson } from '../../model/train/run-folder';
import { progress } from '../lib/progress';

const USAGE = `usage: npm run train:bundled -- --data DIR [--only ${BUNDLED.map((b) => b.name).join(',')}] [--export-only | --rescore]`;

/** The step of the run's checkpoint (read from model.json alone: no weights, no backend), or null. */
async function checkpointStep(run: string): Promise<number | null> {
  const file = path.join(run, 'checkpoint', 'model.json');
  if (!(await exists(file))) return null;
  return (await readJson<{ userDefinedMetadata: { step: number } }>(file)).userDefinedMetadata.step;
}

/** Runs `npm run train` as a user would (its progress bar on this terminal); resumes a cut-off run. */
async function trainOne(name: string, data: string, runsDir: string): Promise<void> {
  const run = bundledRunDir(runsDir, name);
  const done = await checkpointStep(run);
  if (done !== null && done >= bundledSteps(name)) {
    console.error(`${name}: ${run} has finished training (${done} steps)`);
    return;
  }
  const from = BUNDLED.find((b) => b.name === name)?.initFrom;
  if (from && done === null && ((await checkpointStep(bundledRunDir(runsDir, from))) ?? 0) < bundledSteps(from)) {
    throw new UsageError(`${name} starts from ${from}'s trained run: train ${from} first (--only ${from})`);
  }
  const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');
  for (const args of trainPlan(name, data, run, done, runsDir)) {
    console.error(`${name}: npm run train -- ${args.join(' ')}`);
    const r = spawnSync(tsx, [path.join(projectRoot, 'scripts', 'train.ts'), ...args], { stdio: 'inherit', cwd: projectRoot });
    if (r.status !== 0) throw new Error(`training ${name} failed (exit ${r.status ?? r.signal})`);
  }
}

interface DecodeOptions {
  priorCorrection?: number;
}

/** Colorizes `files` with the exported model and scores them, baselines included. */
async function scoreOn(name: string, modelDir: string, files: string[], label: string, decode: DecodeOptions = {}) {
  const { loadColorizer, colorizeFile } = await import('../../model/colorize/colorize');
  const { evaluateFolders } = await import('../../model/metrics/evaluate-folders');
  const tmp = await mkdtemp(path.join(os.tmpdir(), `bundled-${name}-`));
  try {
    const real = path.join(tmp, 'real');
    const pred = path.join(tmp, 'pred');
    await mkdir(real);
    await mkdir(pred);
    const colorizer = await loadColorizer(modelDir);
    const bar = progress(`${name}: colorizing ${label}`, files.length, { unit: 'images' });
    for (const f of files) {
      await copyFile(f, path.join(real, path.basename(f)));
      await colorizeFile(colorizer, f, path.join(pred, `${path.parse(f).name}.png`), decode);
      bar.tick(1);
    }
    bar.done();
    colorizer.dispose();
    return await evaluateFolders({ realDir: real, methods: [{ name, dir: pred }] });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * The exported model on photos it never saw: its held-out clothing photos and the Kodak
 * photos, as it decodes by default and, where that is not Zhang's decoding, as Zhang does.
 */
async function evaluateExport(name: string, out: string, heldOutFiles: string[]) {
  const { loadColorizer, decodingFor } = await import('../../model/colorize/colorize');
  const c = await loadColorizer(out);
  const { T, priorCorrection = 0 } = decodingFor(c);
  c.dispose();
  const kodakFiles = (await readdir(DEMO_KODAK)).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort().map((f) => path.join(DEMO_KODAK, f));
  const heldOutLabel = `its ${heldOutFiles.length} held-out clothing photos`;
  const heldOut = await scoreOn(name, out, heldOutFiles, heldOutLabel);
  const kodak = await scoreOn(name, out, kodakFiles, 'the Kodak photos');
  const zhangDecoding = priorCorrection > 0
    ? {
        heldOut: await scoreOn(name, out, heldOutFiles, `${heldOutLabel}, Zhang's decoding`, { priorCorrection: 0 }),
        kodak: await scoreOn(name, out, kodakFiles, "the Kodak photos, Zhang's decoding", { priorCorrection: 0 }),
      }
    : undefined;
  return { heldOut, kodak, decoding: { T, priorCorrection }, zhangDecoding };
}

function reportScores(name: string, record: BundledRecord): void {
  const line = (label: string, e: BundledRecord['heldOut']) =>
    `${label}: AuC ${e.model.auc.toFixed(3)} (grayscale ${e.grayscale.auc.toFixed(3)}), rebalanced AuC ${e.model.aucRebal?.toFixed(3)} (grayscale ${e.grayscale.aucRebal?.toFixed(3)}), r ${e.model.r?.toFixed(3)}, colourfulness ${e.model.colorfulness.toFixed(1)} (real ${e.realColorfulness.toFixed(1)})`;
  console.error(`${name}: ${path.relative(projectRoot, path.join(PRETRAINED, name))}\n  ${line('held-out clothing', record.heldOut)}\n  ${line('Kodak', record.kodak)}`);
}

/** Re-evaluates an exported model with the decoding bundled-models.ts gives it (see the header). */
async function rescoreOne(name: string, data: string): Promise<void> {
  const { listImages, splitFiles } = await import('../../model/dataset/files');
  const { estimatePriors } = await import('../../model/dataset/prior');
  const { computeAbBins } = await import('../../model/color/bins');
  const { bundledDecoding, evaluationFields } = await import('./bundled-models');
  const { selectBackend } = await import('../../model/backend/select');
  await selectBackend('wasm');
  const out = path.join(PRETRAINED, name);
  const recordFile = path.join(out, 'run.json');
  if (!(await exists(recordFile))) throw new UsageError(`${out} has no run.json: nothing to rescore (train it first)`);
  const record = await readJson<BundledRecord>(recordFile);
  const modelFile = path.join(out, 'model.json');
  const model = await readJson<{ userDefinedMetadata: { config: RunConfig } }>(modelFile);
  const config: RunConfig = { ...model.userDefinedMetadata.config, ...bundledDecoding(name) };
  model.userDefinedMetadata.config = config;
  const split = splitFiles(await listImages(data), config.valFraction, config.seed);
  if (split.val.length !== record.heldOut.images) {
    throw new UsageError(`${data} does not split as ${name}'s training did: ${split.val.length} held-out photos where its record has ${record.heldOut.images} (is it the ${BUNDLED_DATA.name} folder?)`);
  }
  const priorFile = path.join(out, 'prior.json');
  if (!(await exists(priorFile))) {
    // The run's own prior, recomputed: the same seeded sample of the same training photos.
    const bar = progress(`${name}: colour prior`, config.priorImages, { unit: 'images' });
    await writeJson(priorFile, await estimatePriors(split.train, config, computeAbBins(), () => bar.tick()));
    bar.done();
  }
  await writeFile(modelFile, JSON.stringify(model, null, 1) + '\n'); // as model/io/tfjs-files.ts writes it
  const e = await evaluateExport(name, out, split.val);
  const { zhangDecoding: _stale, ...kept } = record; // gone when the decoding is Zhang's again
  const next: BundledRecord = { ...kept, ...evaluationFields(e) };
  await writeJson(recordFile, next);
  reportScores(name, next);
}

async function exportOne(name: string, run: string): Promise<void> {
  const tf = await import('@tensorflow/tfjs');
  const { selectBackend } = await import('../../model/backend/select');
  const { loadCheckpoint, saveCheckpoint } = await import('../../model/io/checkpoint');
  const { bundledDecoding, exportRecord, lastValidation } = await import('./bundled-models');
  await selectBackend('wasm');
  tf.enableProdMode();

  const out = path.join(PRETRAINED, name);
  const { net, meta } = await loadCheckpoint(path.join(run, 'checkpoint'));
  if (meta.step < meta.config.steps) throw new UsageError(`${run} stopped at step ${meta.step} of ${meta.config.steps}: finish training first (drop --export-only)`);
  const parameters = [...net.params.values()].reduce((s, t) => s + t.size, 0);
  const config = { ...meta.config, ...bundledDecoding(name) };
  await saveCheckpoint(out, net, null, { step: meta.step, config, adamSteps: 0, bestValLoss: meta.bestValLoss }, { quantize: 'float16' });
  net.dispose();
  // The prior's rebalancing weights travel with the model: prior-corrected decoding needs them.
  await copyFile(path.join(run, 'prior.json'), path.join(out, 'prior.json'));
  const { writeLossCurve } = await import('../../model/train/plot');
  await writeLossCurve(run); // redrawn: a curve written before a resume still shows the steps it redid
  await copyFile(path.join(run, 'loss-curve.svg'), path.join(out, 'loss-curve.svg'));

  // The exported (float16) model on photos it never saw: the run's held-out clothing photos
  // (its split.json) and the Kodak photos, each beside the baselines.
  const runRecord = await readJson<{ data: string }>(path.join(run, 'config.json'));
  const split = await readJson<{ val: string[] }>(path.join(run, 'split.json'));
  const e = await evaluateExport(name, out, split.val.map((f) => path.join(runRecord.data, f)));
  const record = exportRecord({
    name,
    run: await readJson(path.join(run, 'config.json')),
    validation: lastValidation(await readFile(path.join(run, 'metrics.jsonl'), 'utf8')),
    ...e,
    parameters,
    weightBytes: (await stat(path.join(out, 'weights.bin'))).size,
  });
  await writeJson(path.join(out, 'run.json'), record);
  reportScores(name, record);
}

await runCli('train:bundled', async () => {
  const { values, switches } = parseFlags(process.argv.slice(2), ['exportOnly', 'rescore', 'help']);
  if (switches.has('help')) {
    console.log(USAGE);
    return 0;
  }
  const names = values.only ? values.only.split(',') : BUNDLED.map((b) => b.name);
  for (const n of names) if (!BUNDLED.some((b) => b.name === n)) throw new UsageError(`unknown bundled model '${n}'\n${USAGE}`);
  const exportOnly = switches.has('exportOnly');
  const rescore = switches.has('rescore');
  if (exportOnly && rescore) throw new UsageError(`give --export-only or --rescore, not both\n${USAGE}`);
  if (!values.data && !exportOnly) throw new UsageError(`--data DIR is required: the ${BUNDLED_DATA.name} photos (${BUNDLED_DATA.source})\n${USAGE}`);
  if (rescore) {
    for (const { name } of BUNDLED.filter((b) => names.includes(b.name))) await rescoreOne(name, path.resolve(values.data!));
    return 0;
  }
  const runsDir = path.join(projectRoot, 'runs');
  // In recipe order: the coherent heads start from zhang's run.
  for (const { name } of BUNDLED.filter((b) => names.includes(b.name))) {
    if (!exportOnly) await trainOne(name, path.resolve(values.data!), runsDir);
    await exportOne(name, bundledRunDir(runsDir, name));
  }
  return 0;
});
