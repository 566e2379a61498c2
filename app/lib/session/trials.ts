/**
 * Serving trials to the participant. A trial is described by its position in its block,
 * the presentation and opaque image URLs, /api/sessions/<token>/trials/<n>/image/<slot>
 * (2AFC: slot 0 = left / first, 1 = right / second; single image: slot 0 only): the same
 * shape for every trial of a study, so nothing in the URL or the JSON tells the real photo
 * from the colorization, or a test trial from an attention check. Only the next unanswered trial and the one after it (for preloading) are
 * served; answered trials never again. Every image sent is recorded (Trial.imagesServed): an
 * answer to a trial whose images were not all sent is refused (responses.ts).
 */
import { directAccess, type Db } from '../db/client';
import { markImageServedDirect, markServedDirect } from './direct-sqlite';
import { markImageServedPostgres, markServedPostgres } from './direct-postgres';
import { trialImages, type CachedImage } from './image-cache';
import type { TrialView } from './api-types';
import { conflict, notFound } from './errors';
import { staircaseExposureFor } from '../hype/serve-exposure';
import { isSingleImageProtocol } from '../study/vocabulary';
import { blockOf, isPractice, isTrialStage, loadSession, nextUnanswered, syncStage, type SessionRecord, type TrialSummary } from './session-record';

/** How far past the next unanswered trial the browser may fetch (to preload the next one). */
export const PRELOAD_AHEAD = 1;

export function trialImageUrl(token: string, index: number, slot: 0 | 1): string {
  return `/api/sessions/${token}/trials/${index}/image/${slot}`;
}

/** The trial at `index` if the session may see it now, else a SessionError saying why not. */
function servable(record: SessionRecord, index: number): TrialSummary {
  if (!isTrialStage(record.stage)) {
    throw conflict(`There are no trials to show at the ${record.stage} stage.`, 'wrong-stage');
  }
  const trial = record.trials.find((t) => t.index === index);
  if (!trial) throw notFound(`This session has no trial ${index}.`, 'unknown-trial');
  if (trial.choice !== null) throw conflict(`Trial ${index} is already answered.`, 'already-answered');
  const next = nextUnanswered(record)!;
  if (index > next.index + PRELOAD_AHEAD) throw conflict(`Trial ${index} comes later: answer trial ${next.index} first.`, 'not-yet');
  return trial;
}

export async function getTrialView(db: Db, token: string, index: number, now = new Date()): Promise<TrialView> {
  const record = await syncStage(db, await loadSession(db, token, now));
  const trial = servable(record, index);
  await markServed(db, trial.id, now);
  const blockName = blockOf(trial);
  const block = record.trials.filter((t) => blockOf(t) === blockName);
  const base = { index, block: blockName, number: block.indexOf(trial) + 1, of: block.length, feedback: isPractice(trial) };
  const { presentation, protocol, hype } = record.config;
  if (isSingleImageProtocol(protocol)) {
    const exposureMs = protocol === 'hype-time' ? await decideExposure(db, record, trial) : trial.exposureMs;
    return {
      ...base,
      trialType: 'single-image',
      images: [trialImageUrl(token, index, 0)],
      exposureMs,
      exposurePending: protocol === 'hype-time' && exposureMs === null,
      maskMs: hype.maskMs,
    };
  }
  return {
    ...base,
    trialType: '2afc',
    presentation: { mode: presentation.mode, exposureMs: presentation.exposureMs, gapMs: presentation.gapMs },
    images: [trialImageUrl(token, index, 0), trialImageUrl(token, index, 1)],
  };
}

/**
 * A hype-time trial's exposure: the stored one, or, once the answers before it are in, the
 * staircase's (stored on first serving, compare-and-set, so every later request, a reload and
 * the export see the same value). Null while it cannot be decided yet.
 */
async function decideExposure(db: Db, record: SessionRecord, trial: TrialSummary): Promise<number | null> {
  if (trial.exposureMs !== null) return trial.exposureMs;
  const decided = staircaseExposureFor(record.config.hype.staircase, record.trials, trial.index);
  if (decided === null) return null;
  const { count } = await db.trial.updateMany({ where: { id: trial.id, exposureMs: null }, data: { exposureMs: decided } });
  if (count === 1) return decided;
  return (await db.trial.findUnique({ where: { id: trial.id }, select: { exposureMs: true } }))?.exposureMs ?? decided;
}

export type ImageBytes = CachedImage;

async function markServed(db: Db, trialId: string, now: Date): Promise<void> {
  const { sqlite, postgres } = await directAccess(db);
  if (sqlite) return sqlite.grouped(() => markServedDirect(sqlite.connection, trialId, now));
  await markServedPostgres(postgres, trialId, now);
}

/** The real photo of `imageId`, or its colorization by `methodId`, from the cache or the database. */
function imageOf(db: Db, studyId: string, trial: TrialSummary, real: boolean): Promise<CachedImage> {
  const key = real ? `real:${trial.imageId}` : `fake:${trial.imageId}:${trial.methodId}`;
  return trialImages().through(key, async () => {
    const asset = real
      ? (await db.image.findUnique({ where: { id: trial.imageId }, select: { realAsset: { select: { bytes: true, mime: true } } } }))?.realAsset
      : (
          await db.stimulus.findUnique({
            where: { imageId_methodId: { imageId: trial.imageId, methodId: trial.methodId } },
            select: { asset: { select: { bytes: true, mime: true } } },
          })
        )?.asset;
    // The plan only names images that have both versions; a missing one is a broken study.
    if (!asset) throw new Error(`study ${studyId}: trial ${trial.index} of a session has no ${real ? 'real' : 'colorized'} image`);
    return { bytes: asset.bytes, mime: asset.mime };
  });
}

/**
 * Sets the slot's bit of Trial.imagesServed (atomically: the two images of a trial are fetched
 * at once), resolving once committed, so an answer that follows the image (on any process)
 * finds it: with SQLite's group commit, or PostgreSQL's statement shared by the turn.
 */
async function markImageServed(db: Db, trialId: string, slot: 0 | 1): Promise<void> {
  const { sqlite, postgres } = await directAccess(db);
  if (sqlite) return sqlite.grouped(() => markImageServedDirect(sqlite.connection, trialId, slot));
  await markImageServedPostgres(postgres, trialId, slot);
}

export async function getTrialImage(db: Db, token: string, index: number, slot: 0 | 1, now = new Date()): Promise<ImageBytes> {
  const record = await syncStage(db, await loadSession(db, token, now));
  const trial = servable(record, index);
  if (trial.showsReal !== null && slot !== 0) throw notFound(`Trial ${index} shows one image: there is no image slot ${slot}.`, 'unknown-path');
  const real = trial.showsReal ?? (slot === 0 ? 'left' : 'right') === trial.realSide;
  const image = await imageOf(db, record.studyId, trial, real);
  // Recorded once the bytes are at hand: a failed read leaves the slot unserved. A bit once set stays set.
  if ((trial.imagesServed & (1 << slot)) === 0) await markImageServed(db, trial.id, slot);
  return image;
}
