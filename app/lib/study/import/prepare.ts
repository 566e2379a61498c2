/**
 * The first half of a study import, with no database: check every folder, match every name,
 * decode, crop, re-encode and hash every image, and generate the attention checks. Every
 * problem found is gathered and thrown together as one StudyImportError, so nothing is
 * written unless the whole study is sound.
 */
import { availableParallelism } from 'node:os';
import { deriveSeed } from '../../random';
import type { StudyConfig } from '../config';
import { sessionTrialCounts } from '../design';
import type { MethodKind } from '../vocabulary';
import { ATTENTION_METHOD_NAME, randomColors } from './attention';
import { aspectDiffers, encodeSquare, loadSquare, UnreadableImageError, type EncodedImage, type SquareImage } from './encode';
import { StudyImportError, listNames } from './errors';
import { listImages } from './files';
import { extraMessage, matchStems, missingMessage } from './match';
import { readMethodMetrics, type MethodMetrics } from './metrics';

export interface ImportProgress {
  phase: 'images' | 'write';
  done: number;
  total: number;
  /** The image just finished (phase 'images'). */
  name?: string;
}

export interface PreparedMethod {
  name: string;
  kind: MethodKind;
  position: number;
  sourceDir: string | null;
  metrics: MethodMetrics | null;
}

export interface PreparedStimulus {
  method: string;
  sha256: string;
  abSha256?: string;
}

export interface PreparedImage {
  name: string;
  realSha256: string;
  stimuli: PreparedStimulus[];
}

export interface PreparedStudy {
  config: StudyConfig;
  methods: PreparedMethod[];
  images: PreparedImage[];
  /** Encoded images by sha256: identical bytes are one asset. */
  assets: Map<string, EncodedImage>;
  warnings: string[];
}

export interface PrepareOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Images decoded at once; sharp also spreads each over libuv's threads. */
  concurrency?: number;
}

/** Unreadable images listed one per line, beyond which a count stands for the rest. */
const MAX_LISTED_FILES = 20;

interface MethodFiles {
  name: string;
  dir: string;
  files: Map<string, string>;
  abFiles?: Map<string, string>;
  metrics: MethodMetrics | null;
}

/** Lists and matches every folder; throws every problem at once. */
function planFiles(config: StudyConfig): { real: Map<string, string>; methods: MethodFiles[]; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  const gather = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof StudyImportError) problems.push(...e.problems);
      else throw e;
      return undefined;
    }
  };
  const real = gather(() => listImages(config.realDir, 'real photos (realDir)'));
  if (real) {
    const counts = sessionTrialCounts(config);
    if (real.size < counts.total) {
      const qualification = counts.qualification ? `${counts.qualification} qualification + ` : '';
      problems.push(
        `one session needs ${counts.total} different photos (${counts.practice} ${config.protocol === '2afc' ? 'practice' : 'tutorial'} + ${qualification}${counts.test} test + ` +
          `${counts.attention} attention trials; no photo is shown twice to a participant) but ${config.realDir} ` +
          `holds ${real.size}: add photos, or lower session.testTrials or session.practiceTrials` +
          (counts.qualification ? ' or hype.qualification.trials' : ''),
      );
    }
  }
  const methods: MethodFiles[] = [];
  for (const m of config.methods) {
    const role = `method "${m.name}"`;
    const listed = gather(() => listImages(m.dir, `${role} (dir)`));
    const abListed = m.abDir ? gather(() => listImages(m.abDir!, `${role} ab-only views (abDir)`)) : undefined;
    let metrics: MethodMetrics | null = null;
    if (m.metrics) {
      const read = readMethodMetrics(m.metrics, m.name);
      if ('problem' in read) problems.push(read.problem);
      else metrics = read.metrics;
    }
    if (!real || !listed || (m.abDir && !abListed)) continue;
    const match = matchStems(real, listed);
    if (match.missing.length) problems.push(missingMessage(role, m.dir, match, real.size));
    if (match.extra.length) warnings.push(extraMessage(role, m.dir, match.extra));
    let abFiles: Map<string, string> | undefined;
    if (abListed) {
      const abMatch = matchStems(real, abListed);
      if (abMatch.missing.length) problems.push(missingMessage(`${role} ab-only views`, m.abDir!, abMatch, real.size));
      if (abMatch.extra.length) warnings.push(extraMessage(`${role} ab-only views`, m.abDir!, abMatch.extra));
      abFiles = abMatch.files;
    }
    methods.push({ name: m.name, dir: m.dir, files: match.files, abFiles, metrics });
  }
  if (problems.length) throw new StudyImportError(problems);
  return { real: real!, methods, warnings };
}

async function runPool<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}

const sizeOf = (s: SquareImage) => `${s.sourceWidth}x${s.sourceHeight}`;

/** Checks and processes everything a study needs; writes nothing. */
export async function prepareStudy(config: StudyConfig, options: PrepareOptions = {}): Promise<PreparedStudy> {
  const { real, methods, warnings } = planFiles(config);
  const size = config.imageSize;
  const stems = [...real.keys()];
  const assets = new Map<string, EncodedImage>();
  const images: PreparedImage[] = new Array(stems.length);
  const unreadable: string[] = [];
  const upscaled: string[] = [];
  const aspect = new Map<string, string[]>();
  const sameAsReal = new Map<string, string[]>();
  const push = (map: Map<string, string[]>, key: string, value: string) => map.set(key, [...(map.get(key) ?? []), value]);
  const store = (encoded: EncodedImage): string => {
    if (!assets.has(encoded.sha256)) assets.set(encoded.sha256, encoded);
    return encoded.sha256;
  };
  // Decoding failures are gathered, not thrown, so one run names every bad file.
  const load = async (file: string): Promise<SquareImage | undefined> => {
    try {
      return await loadSquare(file, size);
    } catch (e) {
      if (!(e instanceof UnreadableImageError)) throw e;
      unreadable.push(e.message);
      return undefined;
    }
  };

  const order = new Map(methods.map((m, i) => [m.name, i]));
  const byMethod = (a: [string, string[]], b: [string, string[]]) => order.get(a[0])! - order.get(b[0])!;
  let done = 0;
  await runPool(stems, options.concurrency ?? Math.min(4, availableParallelism()), async (stem, index) => {
    const realSquare = await load(real.get(stem)!);
    const stimuli: PreparedStimulus[] = [];
    let realSha = '';
    if (realSquare) {
      if (realSquare.sourceWidth < size || realSquare.sourceHeight < size) upscaled.push(`${stem} (${sizeOf(realSquare)})`);
      realSha = store(await encodeSquare(realSquare));
    }
    for (const m of methods) {
      const square = await load(m.files.get(stem)!);
      const abFile = m.abFiles?.get(stem);
      const ab = abFile ? await load(abFile) : undefined;
      if (!square || !realSquare || (abFile && !ab)) continue;
      if (aspectDiffers(square, realSquare)) push(aspect, m.name, `${stem} (${sizeOf(square)} vs ${sizeOf(realSquare)})`);
      const sha256 = store(await encodeSquare(square));
      if (sha256 === realSha) push(sameAsReal, m.name, stem);
      stimuli.push({ method: m.name, sha256, ...(ab ? { abSha256: store(await encodeSquare(ab)) } : {}) });
    }
    if (realSquare) {
      const fake = randomColors(realSquare.rgb, size, size, deriveSeed(config.seed, 'attention', stem));
      stimuli.push({ method: ATTENTION_METHOD_NAME, sha256: store(await encodeSquare({ rgb: fake, size })) });
    }
    images[index] = { name: stem, realSha256: realSha, stimuli };
    options.onProgress?.({ phase: 'images', done: ++done, total: stems.length, name: stem });
  });

  if (unreadable.length) {
    const lines = unreadable.sort().slice(0, MAX_LISTED_FILES);
    if (unreadable.length > MAX_LISTED_FILES) lines.push(`... and ${unreadable.length - MAX_LISTED_FILES} more unreadable images`);
    throw new StudyImportError(lines);
  }
  if (upscaled.length) {
    warnings.push(`${upscaled.length} real photo(s) are smaller than ${size} px and were upscaled: ${listNames(upscaled.sort())}`);
  }
  // Images finish in any order; messages list them sorted, and methods in config order.
  for (const [method, list] of [...aspect].sort(byMethod)) {
    warnings.push(
      `method "${method}": ${list.length} image(s) have another aspect ratio than their real photo, so the centre ` +
        `crops may show different parts of the scene: ${listNames(list.sort())}`,
    );
  }
  for (const [method, list] of [...sameAsReal].sort(byMethod)) {
    warnings.push(`method "${method}": ${list.length} image(s) are identical to the real photo after import: ${listNames(list.sort())}`);
  }
  return {
    config,
    methods: [
      ...methods.map((m, position) => ({ name: m.name, kind: 'method' as const, position, sourceDir: m.dir, metrics: m.metrics })),
      { name: ATTENTION_METHOD_NAME, kind: 'attention', position: methods.length, sourceDir: null, metrics: null },
    ],
    images,
    assets,
    warnings,
  };
}
