/**
 * Serving trials to the participant. A trial is described by its position in its block,
 * the presentation and two opaque image URLs, /api/sessions/<token>/trials/<n>/image/<slot>
 * (slot 0 = left / first, 1 = right / second): the same shape for every trial, so nothing in
 * the URL or the JSON tells the real photo from the colorization, or a test trial from an
 * attention check. Only the next unanswered trial and the one after it (for preloading) are
 * served; answered trials never again.
 */
import type { Db } from '../db/client';
import type { TrialView } from './api-types';
import { conflict, notFound } from './errors';
import { isPractice, loadSession, nextUnanswered, syncStage, type SessionRecord, type TrialSummary } from './session-record';

/** How far past the next unanswered trial the browser may fetch (to preload the next one). */
export const PRELOAD_AHEAD = 1;

export function trialImageUrl(token: string, index: number, slot: 0 | 1): string {
  return `/api/sessions/${token}/trials/${index}/image/${slot}`;
}

/** The trial at `index` if the session may see it now, else a SessionError saying why not. */
function servable(record: SessionRecord, index: number): TrialSummary {
  if (record.stage !== 'practice' && record.stage !== 'test') {
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
  await db.trial.updateMany({ where: { id: trial.id, servedAt: null }, data: { servedAt: now } });
  const block = record.trials.filter((t) => isPractice(t) === isPractice(trial));
  const { presentation } = record.config;
  return {
    index,
    block: isPractice(trial) ? 'practice' : 'test',
    number: block.indexOf(trial) + 1,
    of: block.length,
    presentation: { mode: presentation.mode, exposureMs: presentation.exposureMs, gapMs: presentation.gapMs },
    images: [trialImageUrl(token, index, 0), trialImageUrl(token, index, 1)],
    feedback: isPractice(trial),
  };
}

export interface ImageBytes {
  bytes: Uint8Array;
  mime: string;
}

export async function getTrialImage(db: Db, token: string, index: number, slot: 0 | 1, now = new Date()): Promise<ImageBytes> {
  const record = await syncStage(db, await loadSession(db, token, now));
  const trial = servable(record, index);
  const side = slot === 0 ? 'left' : 'right';
  const asset =
    side === trial.realSide
      ? (await db.image.findUnique({ where: { id: trial.imageId }, select: { realAsset: { select: { bytes: true, mime: true } } } }))?.realAsset
      : (
          await db.stimulus.findUnique({
            where: { imageId_methodId: { imageId: trial.imageId, methodId: trial.methodId } },
            select: { asset: { select: { bytes: true, mime: true } } },
          })
        )?.asset;
  // The plan only names images that have both versions; a missing one is a broken study.
  if (!asset) throw new Error(`study ${record.studyId}: trial ${index} of a session has no ${side === trial.realSide ? 'real' : 'colorized'} image`);
  return { bytes: asset.bytes, mime: asset.mime };
}
