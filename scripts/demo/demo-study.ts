/**
 * The demo studies that `npm start` creates on first run, each a set of bundled photos
 * that no model was trained on, colorized by each bundled model (model/pretrained/<name>/),
 * scored with the objective metrics (beside the grayscale and constant-colour baselines)
 * and imported as a study:
 *   "demo"        held-out clothing photos (scripts/demo/clothing): the models' home
 *                 domain, where they can do their best;
 *   "demo-kodak"  the Kodak photos (scripts/demo/kodak): out of domain.
 * Everything generated goes under data/demo/<set>/ and is reused by later starts: only
 * missing colorizations are computed.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../app/lib/db/client';
import { projectRoot } from '../../app/lib/db/migrations';
import { parseStudyConfig, type StudyConfigInput } from '../../app/lib/study/config';
import { createStudy, type CreateStudyResult } from '../../app/lib/study/create';
import { progress } from '../lib/progress';

export const DEMO_STUDY_ID = 'demo';
export const DEMO_CLOTHING = path.join(projectRoot, 'scripts', 'demo', 'clothing');
export const DEMO_KODAK = path.join(projectRoot, 'scripts', 'demo', 'kodak');

export interface DemoSet {
  id: string;
  name: string;
  photosDir: string;
  /** Folder under data/demo for its colorizations and metrics. */
  work: string;
}

export const DEMO_SETS: readonly DemoSet[] = [
  { id: DEMO_STUDY_ID, name: 'Demo: held-out clothing photos (the models\' training domain), bundled models', photosDir: DEMO_CLOTHING, work: 'clothing' },
  { id: 'demo-kodak', name: 'Demo, out of domain: Kodak photos, bundled models', photosDir: DEMO_KODAK, work: 'kodak' },
];
export const PRETRAINED = path.join(projectRoot, 'model', 'pretrained');

/** Bundled models: folders of model/pretrained holding a model.json, in a stable order. */
export function bundledModels(dir = PRETRAINED): Array<{ name: string; dir: string }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'model.json')))
    .map((d) => ({ name: d.name, dir: path.join(dir, d.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const stem = (f: string) => path.basename(f, path.extname(f));

export interface DemoOptions {
  /** Which photos and study (default: the first of DEMO_SETS, study "demo"). */
  set?: DemoSet;
  /** Where generated images and metrics go (default data/demo/<set.work>). */
  workDir?: string;
  models?: Array<{ name: string; dir: string }>;
  /** Print progress to stderr (default true). */
  verbose?: boolean;
}

/** Colorizes the demo photos with every bundled model (skipping outputs that exist). */
async function colorizeDemoPhotos(photos: string[], photosDir: string, models: Array<{ name: string; dir: string }>, workDir: string, verbose: boolean) {
  const todo = models.flatMap((m) =>
    photos
      .filter((p) => !existsSync(path.join(workDir, 'colorized', m.name, `${stem(p)}.png`)))
      .map((p) => ({ model: m, photo: p })),
  );
  if (!todo.length) return;
  // Loaded only when needed: tfjs and the model code take a second to import.
  const tf = await import('@tensorflow/tfjs');
  const { selectBackend } = await import('../../model/backend/select');
  const { loadColorizer, colorizeFile } = await import('../../model/colorize/colorize');
  // WASM: fast enough for these small models and photos, the backend they were trained on,
  // and it spares every first start probing for a GPU (Dawn's warnings on stderr).
  const backend = await selectBackend('wasm');
  tf.enableProdMode();
  const bar = verbose ? progress(`colorizing (${backend.name})`, todo.length, { unit: 'images' }) : undefined;
  for (const m of models) {
    const mine = todo.filter((t) => t.model === m);
    if (!mine.length) continue;
    const colorizer = await loadColorizer(m.dir);
    mkdirSync(path.join(workDir, 'colorized', m.name), { recursive: true });
    mkdirSync(path.join(workDir, 'ab-views', m.name), { recursive: true });
    for (const { photo } of mine) {
      const name = `${stem(photo)}.png`;
      await colorizeFile(colorizer, path.join(photosDir, photo), path.join(workDir, 'colorized', m.name, name), {
        abViewOutput: path.join(workDir, 'ab-views', m.name, name),
      });
      bar?.tick(1, `${m.name}/${name}`);
    }
    colorizer.dispose();
  }
  bar?.done();
}

/** Creates the demo study unless it exists; returns what createStudy reported, or null when it was there. */
export async function ensureDemoStudy(db: Db, opts: DemoOptions = {}): Promise<CreateStudyResult | null> {
  const set = opts.set ?? DEMO_SETS[0];
  if (await db.study.findUnique({ where: { id: set.id }, select: { id: true } })) return null;
  const workDir = opts.workDir ?? path.join(projectRoot, 'data', 'demo', set.work);
  const photosDir = set.photosDir;
  const models = opts.models ?? bundledModels();
  const verbose = opts.verbose ?? true;
  if (!models.length) throw new Error(`no bundled models in ${PRETRAINED}: the demo study needs at least one (see README, "Bundled models")`);
  const photos = readdirSync(photosDir).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();

  await colorizeDemoPhotos(photos, photosDir, models, workDir, verbose);

  const metricsFile = path.join(workDir, 'metrics.json');
  if (!existsSync(metricsFile)) {
    const { evaluateFolders } = await import('../../model/metrics/evaluate-folders');
    const { toJson } = await import('../../model/metrics/report');
    // The total comes from evaluateFolders: the methods and the two baselines.
    let bar: ReturnType<typeof progress> | undefined;
    let last = 0;
    const result = await evaluateFolders({
      realDir: photosDir,
      methods: models.map((m) => ({ name: m.name, dir: path.join(workDir, 'colorized', m.name) })),
      onProgress: (done, total) => {
        if (verbose) bar ??= progress('scoring (AuC, PSNR, SSIM, …, and the baselines)', total, { unit: 'images' });
        bar?.tick(done - last);
        last = done;
      },
    });
    bar?.done();
    writeFileSync(metricsFile, toJson(result));
  }

  const config: StudyConfigInput = {
    id: set.id,
    name: set.name,
    realDir: photosDir,
    methods: models.map((m) => ({
      name: m.name,
      dir: path.join(workDir, 'colorized', m.name),
      abDir: path.join(workDir, 'ab-views', m.name),
      metrics: metricsFile,
    })),
    seed: 1,
    // 24 photos, none repeated in a session: 3 practice + 16 test + 2 attention checks.
    session: { practiceTrials: 3, testTrials: 16, attentionRate: 0.1 },
    recruitment: { platform: 'direct', completionCode: 'DEMO-THANKS' },
  };
  const bar = verbose ? progress(`importing study ${set.id}`, photos.length, { unit: 'photos' }) : undefined;
  let done = 0;
  const result = await createStudy(db, parseStudyConfig(config, projectRoot, 'demo study'), {
    onProgress: (p) => {
      if (p.phase === 'images' && p.done > done) {
        bar?.tick(p.done - done);
        done = p.done;
      }
    },
  });
  bar?.done();
  return result;
}
