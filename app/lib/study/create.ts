/**
 * Creating a study: `createStudy(db, config)` imports the photos and colorizations named by
 * a validated config (see ./config.ts) and writes the study in one transaction. Used by
 * `npm run study:create`, by `npm start` for the demo study, and by tests.
 *
 * Nothing half-created: every folder, name and image is checked and processed in memory
 * first (./import/prepare.ts); only a sound study is written, in one interactive
 * transaction (SQLite and PostgreSQL alike), so a failure at any point leaves the database
 * as it was, including the old study when replacing one.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import type { StudyConfig } from './config';
import { balancedSessionCount, sessionTrialCounts, type SessionTrialCounts } from './design';
import { hypeWarnings } from './hype-config';
import { isSingleImageProtocol } from './vocabulary';
import { StudyExistsError, StudyHasDataError } from './import/errors';
import { prepareStudy, type ImportProgress, type PreparedStudy } from './import/prepare';

export { StudyExistsError, StudyHasDataError, StudyImportError } from './import/errors';
export { ATTENTION_METHOD_NAME } from './import/attention';
export type { ImportProgress } from './import/prepare';

export interface CreateStudyOptions {
  /** Delete a study with the same id first, in the same transaction. */
  replace?: boolean;
  /** Allow `replace` to delete a study that already has sessions (participants' data). */
  deleteResponses?: boolean;
  /** Check and process everything, write nothing. */
  dryRun?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}

export interface StudySummary {
  studyId: string;
  name: string;
  protocol: string;
  images: number;
  /** Methods under test, in config order (the attention-check method excluded). */
  methods: string[];
  trialsPerSession: SessionTrialCounts;
  /** Completed sessions after which every (photo, method) pair is judged equally often (single image: as real and as fake). */
  sessionsForBalance: number;
  /** Distinct stored images and their total size in bytes. */
  assets: number;
  assetBytes: number;
  participantPath: string;
  resultsPath: string;
}

export interface CreateStudyResult {
  summary: StudySummary;
  warnings: string[];
  /** True when an existing study of that id was deleted and replaced. */
  replaced: boolean;
  dryRun: boolean;
}

/** Interactive transactions default to a 5 s timeout; a large import writes for longer. */
const TRANSACTION_TIMEOUT_MS = 30 * 60_000;
/** Rows per createMany, and bytes per asset batch, well below both databases' parameter limits. */
const ROWS_PER_BATCH = 500;
const BYTES_PER_BATCH = 16 * 1024 * 1024;

function summarise(prepared: PreparedStudy): StudySummary {
  const { config } = prepared;
  const methods = config.methods.map((m) => m.name);
  const trialsPerSession = sessionTrialCounts(config);
  let assetBytes = 0;
  for (const a of prepared.assets.values()) assetBytes += a.bytes.length;
  return {
    studyId: config.id,
    name: config.name,
    protocol: config.protocol,
    images: prepared.images.length,
    methods,
    trialsPerSession,
    // Single-image protocols show a photo real in one pass through the photos and fake in the next: twice as many sessions.
    sessionsForBalance:
      balancedSessionCount(config.session.assignment, prepared.images.length, methods.length, trialsPerSession.test) * (isSingleImageProtocol(config.protocol) ? 2 : 1),
    assets: prepared.assets.size,
    assetBytes,
    participantPath: `/s/${config.id}`,
    resultsPath: `/admin/studies/${config.id}`,
  };
}

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: unknown })?.code === 'P2002';
}

function batches<T>(items: readonly T[], size = ROWS_PER_BATCH, weight: (item: T) => number = () => 0): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length && (current.length >= size || bytes + weight(item) > BYTES_PER_BATCH)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += weight(item);
  }
  if (current.length) out.push(current);
  return out;
}

async function writeStudy(db: Db, prepared: PreparedStudy, options: CreateStudyOptions): Promise<boolean> {
  const { config } = prepared;
  const assetIds = new Map([...prepared.assets.keys()].map((sha) => [sha, randomUUID()]));
  const methodIds = new Map(prepared.methods.map((m) => [m.name, randomUUID()]));
  const imageIds = prepared.images.map(() => randomUUID());
  const assetRows = [...prepared.assets.values()].map((a) => ({
    id: assetIds.get(a.sha256)!,
    studyId: config.id,
    sha256: a.sha256,
    mime: a.mime,
    width: a.width,
    height: a.height,
    bytes: a.bytes,
  }));
  const stimulusRows = prepared.images.flatMap((image, i) =>
    image.stimuli.map((s) => ({
      id: randomUUID(),
      imageId: imageIds[i],
      methodId: methodIds.get(s.method)!,
      assetId: assetIds.get(s.sha256)!,
      abAssetId: s.abSha256 ? assetIds.get(s.abSha256)! : null,
    })),
  );
  const total = assetRows.length + prepared.images.length + stimulusRows.length;
  let done = 0;
  const progress = (n: number) => options.onProgress?.({ phase: 'write', done: (done += n), total });

  return db.$transaction(
    async (tx) => {
      let replaced = false;
      if (options.replace) {
        await refuseToLoseData(tx, config.id, options);
        // Every row of a study hangs off it with ON DELETE CASCADE.
        replaced = (await tx.study.deleteMany({ where: { id: config.id } })).count > 0;
      }
      try {
        await tx.study.create({
          data: { id: config.id, name: config.name, protocol: config.protocol, config: JSON.stringify(config), seed: config.seed },
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw new StudyExistsError(config.id);
        throw e;
      }
      await tx.method.createMany({
        data: prepared.methods.map((m) => ({
          id: methodIds.get(m.name)!,
          studyId: config.id,
          name: m.name,
          kind: m.kind,
          position: m.position,
          sourceDir: m.sourceDir,
          metrics: m.metrics ? JSON.stringify(m.metrics) : null,
        })),
      });
      for (const batch of batches(assetRows, ROWS_PER_BATCH, (a) => a.bytes.length)) {
        await tx.asset.createMany({ data: batch });
        progress(batch.length);
      }
      const imageRows = prepared.images.map((image, i) => ({
        id: imageIds[i],
        studyId: config.id,
        name: image.name,
        realAssetId: assetIds.get(image.realSha256)!,
      }));
      for (const batch of batches(imageRows)) {
        await tx.image.createMany({ data: batch });
        progress(batch.length);
      }
      for (const batch of batches(stimulusRows)) {
        await tx.stimulus.createMany({ data: batch });
        progress(batch.length);
      }
      return replaced;
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 60_000 },
  );
}

/** Replacing a study that participants have already answered loses their data: only on request. */
async function refuseToLoseData(db: Pick<Db, 'session' | 'response'>, studyId: string, options: CreateStudyOptions): Promise<void> {
  if (options.deleteResponses) return;
  const sessions = await db.session.count({ where: { studyId } });
  if (sessions > 0) {
    const responses = await db.response.count({ where: { trial: { session: { studyId } } } });
    throw new StudyHasDataError(studyId, sessions, responses);
  }
}

/**
 * Imports the study `config` describes (validated by parseStudyConfig/readStudyConfig).
 * Throws StudyImportError (every problem, one per line), StudyExistsError or
 * StudyHasDataError (both StudyImportErrors) for problems a researcher can fix; the
 * database is unchanged after any error.
 */
export async function createStudy(db: Db, config: StudyConfig, options: CreateStudyOptions = {}): Promise<CreateStudyResult> {
  // Fail fast on an id in use, before minutes of image processing; checked again when writing.
  if (!options.replace && (await db.study.findUnique({ where: { id: config.id }, select: { id: true } }))) {
    throw new StudyExistsError(config.id);
  }
  if (options.replace) await refuseToLoseData(db, config.id, options);
  const prepared = await prepareStudy(config, { onProgress: options.onProgress });
  prepared.warnings.push(...hypeWarnings(config, config.methods.length));
  const summary = summarise(prepared);
  if (options.dryRun) return { summary, warnings: prepared.warnings, replaced: false, dryRun: true };
  const replaced = await writeStudy(db, prepared, options);
  return { summary, warnings: prepared.warnings, replaced, dryRun: false };
}
