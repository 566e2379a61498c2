/**
 * A study's answered trials as trial rows, read through Prisma (SQLite or PostgreSQL; both
 * generated clients share this API). Planned trials without a response are not rows.
 *
 * Withdrawn sessions are left out: the participant asked for their answers not to be used.
 *
 * Pseudonymity: `participant` is the database's own participant id (a random cuid), never the
 * recruitment id; `session` is the session's ordinal, because the session id is the token in
 * participant URLs.
 */
import type { PrismaClient } from '../../generated/sqlite/client';
import { PROTOCOLS, TRIAL_SOURCES, fooledOf, rowProblems, trialRowSchema, type Choice, type Protocol, type Side, type TrialKind, type TrialRow, type TrialSource } from './trial-row';
import { TrialsFormatError } from './trials-format-error';

/** The stage of a session whose participant withdrew (app/lib/study/vocabulary.ts). */
const WITHDRAWN = 'withdrawn';

/** A study id that is not in the database. */
export class StudyNotFoundError extends Error {
  constructor(readonly studyId: string) {
    super(`no study with id "${studyId}"`);
    this.name = 'StudyNotFoundError';
  }
}

/** The display timing a Response stores as JSON, under the row's own column names. */
const TIMING_FIELDS = ['firstOnsetMs', 'firstOffsetMs', 'secondOnsetMs', 'secondOffsetMs', 'optionsOnsetMs'] as const;
type Timing = Record<(typeof TIMING_FIELDS)[number], number | null>;

/** Reads the timing JSON leniently: a missing, malformed or non-numeric entry is null (not measured). */
export function parseTiming(json: string | null | undefined): Timing {
  let data: unknown = null;
  try {
    data = json ? JSON.parse(json) : null;
  } catch {
    data = null;
  }
  const out = {} as Timing;
  for (const field of TIMING_FIELDS) {
    const value = data && typeof data === 'object' ? (data as Record<string, unknown>)[field] : undefined;
    out[field] = typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
  return out;
}

/**
 * The answered trials of `studyId`, ordered by session then trial index: every source's, or
 * only those of the sessions whose participant came from one of `sources`; never a withdrawn
 * session's.
 */
export async function loadTrialRows(prisma: PrismaClient, studyId: string, sources?: readonly TrialSource[]): Promise<TrialRow[]> {
  const study = await prisma.study.findUnique({ where: { id: studyId }, select: { id: true, protocol: true } });
  if (!study) throw new StudyNotFoundError(studyId);
  if (!(PROTOCOLS as readonly string[]).includes(study.protocol)) {
    throw new TrialsFormatError(`study "${studyId}" has unknown protocol "${study.protocol}"`);
  }
  const protocol = study.protocol as Protocol;
  const trials = await prisma.trial.findMany({
    where: {
      session: { studyId, stage: { not: WITHDRAWN }, ...(sources ? { participant: { source: { in: [...sources] } } } : {}) },
      response: { isNot: null },
    },
    select: {
      index: true,
      kind: true,
      realSide: true,
      showsReal: true,
      exposureMs: true,
      servedAt: true,
      image: { select: { name: true } },
      method: { select: { name: true } },
      session: { select: { ordinal: true, participantId: true, participant: { select: { source: true } } } },
      response: { select: { choice: true, correct: true, rtMs: true, timing: true, createdAt: true, focusLosses: true, fullscreenExits: true } },
    },
    orderBy: [{ session: { ordinal: 'asc' } }, { index: 'asc' }],
  });
  return trials.map((t) => {
    const response = t.response!;
    const realSide = (t.realSide ?? null) as Side | null;
    const showsReal = t.showsReal ?? null;
    const choice = response.choice as Choice;
    const row: TrialRow = {
      study: study.id,
      protocol,
      participant: t.session.participantId,
      session: t.session.ordinal,
      trialIndex: t.index,
      kind: t.kind as TrialKind,
      method: t.method.name,
      image: t.image.name,
      realSide,
      showsReal,
      choice,
      correct: response.correct,
      fooled: fooledOf(protocol, realSide, showsReal, choice),
      rtMs: response.rtMs,
      exposureMs: t.exposureMs ?? null,
      ...parseTiming(response.timing),
      respondedAt: response.createdAt.toISOString(),
      servedAt: t.servedAt?.toISOString() ?? null,
      source: (TRIAL_SOURCES as readonly string[]).includes(t.session.participant.source) ? (t.session.participant.source as TrialSource) : null,
      focusLosses: response.focusLosses ?? null,
      fullscreenExits: response.fullscreenExits ?? null,
    };
    // The server wrote these rows; one that breaks the format is a bug to surface, not to export.
    const parsed = trialRowSchema.safeParse(row);
    const problem = parsed.success
      ? rowProblems(row)[0]
      : { column: String(parsed.error.issues[0].path[0]), message: parsed.error.issues[0].message };
    if (problem) {
      throw new TrialsFormatError(
        `study "${studyId}", session ${row.session}, trial ${row.trialIndex}: ${problem.column} ${problem.message}`,
      );
    }
    return row;
  });
}
