/**
 * A small real study for tests: synthetic photos written with sharp into a temp folder,
 * one folder of "colorizations" per method, imported through the real createStudy.
 *
 *   const fixture = await createFixtureStudy(db);                 // 16 photos, methods alpha + beta
 *   const big = await createFixtureStudy(db, { id: 'big', images: 30, config: { session: { testTrials: 20 } } });
 *   ...
 *   await fixture.cleanup();                                      // removes the temp folder
 *
 * Defaults: 64 x 64 photos, imageSize 64, sessions of 2 practice + 8 test + 2 attention trials
 * (12 distinct photos), seed 7. Each photo is a different seeded gradient with shapes; method
 * "alpha" is a hue-rotated copy (JPEG), "beta" a half-desaturated copy (PNG), so stimuli
 * differ from the real photo and from each other. The study is left in the database.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { Db } from '../../app/lib/db/client';
import { parseStudyConfig, type StudyConfig, type StudyConfigInput } from '../../app/lib/study/config';
import { ATTENTION_METHOD_NAME, createStudy, type CreateStudyOptions, type CreateStudyResult } from '../../app/lib/study/create';
import { deriveSeed, randomInt, seededRandom } from '../../app/lib/random';

export interface FixtureOptions {
  /** Study id; default 'fixture'. */
  id?: string;
  /** Number of photos; default 16. */
  images?: number;
  /** Method names (at most 2 distinct transforms, then they cycle); default ['alpha', 'beta']. */
  methods?: string[];
  /** Side length of the synthetic photos in pixels; default 64. */
  photoSize?: number;
  /** Config fields merged over the defaults (session, presentation, recruitment, ... merged one level deep). */
  config?: Partial<StudyConfigInput>;
  /** Passed to createStudy (replace, onProgress). */
  create?: Omit<CreateStudyOptions, 'dryRun'>;
}

export interface FixtureFolders {
  /** The temp folder holding real/, one folder per method, and study.json. */
  dir: string;
  /** The config input as written to dir/study.json (paths relative to dir). */
  configInput: StudyConfigInput;
  configFile: string;
  imageNames: string[];
  methodNames: string[];
}

export interface FixtureStudy extends FixtureFolders {
  studyId: string;
  config: StudyConfig;
  result: CreateStudyResult;
  attentionMethod: string;
  /** Removes the temp folder (the study stays in the database, which the caller owns). */
  cleanup: () => Promise<void>;
}

/** One synthetic photo: a diagonal gradient between two colours with a few rectangles and discs. */
export async function syntheticPhoto(seed: number, size: number): Promise<Buffer> {
  const random = seededRandom(seed);
  const colour = () => [randomInt(random, 256), randomInt(random, 256), randomInt(random, 256)];
  const [c0, c1] = [colour(), colour()];
  const shapes = Array.from({ length: 3 + randomInt(random, 3) }, () => ({
    disc: random() < 0.5,
    x: random() * size,
    y: random() * size,
    r: size * (0.08 + 0.2 * random()),
    colour: colour(),
  }));
  const rgb = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const t = (x + y) / (2 * (size - 1));
      let px = c0.map((v, k) => v + (c1[k] - v) * t);
      for (const s of shapes) {
        const inside = s.disc ? (x - s.x) ** 2 + (y - s.y) ** 2 < s.r ** 2 : Math.abs(x - s.x) < s.r && Math.abs(y - s.y) < s.r;
        if (inside) px = s.colour;
      }
      rgb.set(px.map(Math.round), (y * size + x) * 3);
    }
  }
  return sharp(rgb, { raw: { width: size, height: size, channels: 3 } }).png().toBuffer();
}

const TRANSFORMS = [
  (img: Sharp) => img.modulate({ hue: 40 }).jpeg({ quality: 95 }),
  (img: Sharp) => img.modulate({ saturation: 0.5 }).png(),
];

/** Writes real/ and one folder per method (plus study.json) into a new temp folder; imports nothing. */
export async function writeFixtureFolders(options: FixtureOptions = {}): Promise<FixtureFolders> {
  const id = options.id ?? 'fixture';
  const count = options.images ?? 16;
  const methodNames = options.methods ?? ['alpha', 'beta'];
  const size = options.photoSize ?? 64;
  const dir = await mkdtemp(path.join(tmpdir(), `study-fixture-${id}-`));
  const imageNames = Array.from({ length: count }, (_, i) => `photo${String(i + 1).padStart(2, '0')}`);
  await mkdir(path.join(dir, 'real'));
  for (const name of methodNames) await mkdir(path.join(dir, name));
  for (const [i, name] of imageNames.entries()) {
    const png = await syntheticPhoto(deriveSeed(7, 'fixture-photo', i), size);
    await sharp(png).toFile(path.join(dir, 'real', `${name}.png`));
    for (const [m, method] of methodNames.entries()) {
      const transform = TRANSFORMS[m % TRANSFORMS.length];
      const ext = m % TRANSFORMS.length === 0 ? 'jpg' : 'png';
      await transform(sharp(png)).toFile(path.join(dir, method, `${name}.${ext}`));
    }
  }
  const overrides = options.config ?? {};
  const configInput: StudyConfigInput = {
    id,
    name: `Fixture study ${id}`,
    realDir: 'real',
    seed: 7,
    imageSize: 64,
    ...overrides,
    methods: overrides.methods ?? methodNames.map((name) => ({ name, dir: name })),
    session: { testTrials: 8, practiceTrials: 2, attentionRate: 0.2, ...overrides.session },
    presentation: { ...overrides.presentation },
    recruitment: { ...overrides.recruitment },
    attention: { ...overrides.attention },
    minWindow: { ...overrides.minWindow },
  };
  const configFile = path.join(dir, 'study.json');
  await writeFile(configFile, JSON.stringify(configInput, null, 2));
  return { dir, configInput, configFile, imageNames, methodNames };
}

/** Writes the fixture folders and creates the study in `db` through createStudy. */
export async function createFixtureStudy(db: Db, options: FixtureOptions = {}): Promise<FixtureStudy> {
  const folders = await writeFixtureFolders(options);
  const cleanup = () => rm(folders.dir, { recursive: true, force: true });
  try {
    const config = parseStudyConfig(folders.configInput, folders.dir, folders.configFile);
    const result = await createStudy(db, config, options.create);
    return { ...folders, studyId: config.id, config, result, attentionMethod: ATTENTION_METHOD_NAME, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
