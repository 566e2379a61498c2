/**
 * Starting (or resuming) a participant's session. The participant's identity is
 * (study, source, externalId); it has at most one session, ever (Participant.session is
 * unique): arriving again gives the same session back, whatever stage it is in, so a
 * completed participant sees their completion code again instead of starting over.
 *
 * A new session gets the next ordinal, its seed deriveSeed(study.seed, 'session', ordinal),
 * a method (one-method assignment) and its whole trial plan, written in one nested create.
 * Concurrency: starts are serialised per study within the process (keyed-lock.ts), and the
 * unique (studyId, ordinal) and (studyId, source, externalId) constraints catch starts from
 * other processes: the loser re-reads and retries. The ordinal is read before the method
 * counts, so a start that counted without seeing a concurrent session also picked that
 * session's ordinal, and fails on the constraint rather than unbalancing the methods.
 *
 * The reads and the write go through a StartStore: prepared statements on SQLite
 * (direct-sqlite.ts), plain SQL through pg on PostgreSQL (direct-postgres.ts). Through Prisma
 * a start cost about 10 ms of CPU, a launch's 50 starts per second half a core.
 */
import { directAccess, type Db } from '../db/client';
import { sqliteStartStore, type NewSession } from './direct-sqlite';
import { postgresStartStore } from './direct-postgres';
import { deriveSeed } from '../random';
import type { RecruitmentSource, SessionStage } from '../study/vocabulary';
import type { StartResult } from './api-types';
import { ACTIVE_STAGES, chooseMethod, DEFAULT_ACTIVE_MINUTES } from './assignment';
import { isUniqueViolation, notFound, SessionError } from './errors';
import { withKeyLock } from './keyed-lock';
import { planSingleImageSession, type SingleImagePlannedTrial } from '../hype/plan';
import { fixedExposureMs } from '../study/hype-config';
import { isSingleImageProtocol, PROTOCOLS } from '../study/vocabulary';
import { planSession, type PlannedTrial } from './plan';
import type { RecruitmentParams } from './recruitment';
import { qualificationCount, sessionCounts, studyContext, type StudyContext, type StudyRow } from './study-context';
import { newSessionToken } from './tokens';
import { checkAcceptingParticipants } from '../study/lifecycle';

export interface Participation {
  source: RecruitmentSource;
  externalId: string;
  recruitment: RecruitmentParams;
}

export interface StartOptions {
  now?: Date;
  /** Minutes a silent session keeps its method slot (assignment.ts). */
  activeMinutes?: number;
  /**
   * Serialise starts within this process (default). Tests turn it off to exercise what
   * protects starts from several processes: the unique constraints and the retry.
   */
  serialize?: boolean;
}

const MAX_ATTEMPTS = 20;

/** A participant's existing session, as a start finds it. */
export interface ExistingSession {
  id: string;
  stage: string;
  recruitment: string;
}

/** What starting a session reads and writes, in the database's own terms (see the module comment). */
export interface StartStore {
  study(studyId: string): Promise<StudyRow | null>;
  existing(studyId: string, who: Pick<Participation, 'source' | 'externalId'>): Promise<ExistingSession | null>;
  /** Marks the session seen at `now`, with new recruitment parameters when not null. */
  resume(token: string, now: Date, recruitment: string | null): Promise<void>;
  /** Completed sessions of real participants per method id (lifecycle.ts's completedPerMethod). */
  completedPerMethod(studyId: string): Promise<Map<string | null, number>>;
  /** The study's highest session ordinal; null without sessions. */
  lastOrdinal(studyId: string): Promise<number | null>;
  /** Sessions per method that count for balance (assignment.ts's countingSessions), active since `since`. */
  counting(studyId: string, since: Date): Promise<Map<string, number>>;
  /** Sessions of `methodId` before `ordinal` (sessionRotation). */
  rotation(studyId: string, methodId: string, ordinal: number): Promise<number>;
  /** Writes participant, session and plan at once; throws a unique violation on a conflict. */
  insert(row: NewSession): Promise<void>;
}

async function startStore(db: Db): Promise<StartStore> {
  const direct = await directAccess(db);
  return direct.sqlite ? sqliteStartStore(direct.sqlite) : postgresStartStore(direct.postgres);
}

/** The study's context for starting, or a SessionError a participant can read. */
export async function studyForEntry(db: Db, studyId: string): Promise<StudyContext> {
  const row = await (await startStore(db)).study(studyId);
  const study = row && studyContext(row);
  if (!study) throw notFound('There is no study at this address. Please check the link you were given.', 'unknown-study');
  if (!(PROTOCOLS as readonly string[]).includes(study.protocol) || study.protocol !== study.config.protocol) {
    throw new SessionError(409, `This study uses the ${study.protocol} protocol, which this server cannot run.`, 'unsupported-protocol');
  }
  return study;
}

function parseRecord(json: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/**
 * The session's place in its rotation through the photos (plan.ts): the sessions of its method
 * before it (one-method), or its ordinal (mixed). Derived from the sessions in the database, so
 * replaying a session's plan after sessions were deleted (e.g. by the load test's clean-up)
 * needs the rotation it had then: it is stored in Session.rotation.
 */
export async function sessionRotation(db: Db, studyId: string, methodId: string | null, ordinal: number): Promise<number> {
  if (methodId === null) return ordinal;
  return db.session.count({ where: { studyId, methodId, ordinal: { lt: ordinal } } });
}

/** The session's trial plan, drawn by its protocol's planner. */
export function planFor(
  study: StudyContext,
  session: { seed: number; ordinal: number; rotation: number; methodId: string | null },
): (PlannedTrial | SingleImagePlannedTrial)[] {
  const { config } = study;
  const common = {
    studySeed: study.seed,
    images: study.images,
    methods: study.methods,
    attentionMethodId: study.attentionMethodId,
    assignment: study.assignment,
    ...session,
  };
  const counts = sessionCounts(config);
  if (isSingleImageProtocol(config.protocol)) {
    return planSingleImageSession({
      ...common,
      tutorialTrials: counts.practiceTrials,
      qualificationTrials: qualificationCount(config),
      testTrials: counts.testTrials,
      attentionTrials: counts.attentionTrials,
      qualificationFakes: config.hype.qualification.fakes,
      fixedExposureMs: fixedExposureMs(config.protocol, config.hype),
    });
  }
  return planSession({ ...common, ...counts, exposureMs: config.presentation.mode === 'unlimited' ? null : config.presentation.exposureMs });
}

export async function startSession(db: Db, studyId: string, who: Participation, options: StartOptions = {}): Promise<StartResult> {
  const now = options.now ?? new Date();
  const store = await startStore(db);
  const study = await studyForEntry(db, studyId);
  const resume = async (): Promise<StartResult | null> => {
    const session = await store.existing(studyId, who);
    if (!session) return null;
    // An unfinished session follows its participant's latest arrival: an MTurk worker who
    // returned the HIT and accepted it again has a new assignmentId, and that is the one the
    // completion must submit. A finished session keeps the parameters it finished with.
    const unfinished = (ACTIVE_STAGES as readonly string[]).includes(session.stage);
    const recruitment = JSON.stringify({ ...parseRecord(session.recruitment), ...who.recruitment });
    await store.resume(session.id, now, unfinished && recruitment !== session.recruitment ? recruitment : null);
    return { token: session.id, stage: session.stage as SessionStage, created: false };
  };
  const resumed = await resume();
  if (resumed) return resumed;
  if (who.source !== 'preview') await checkAcceptingParticipants(db, study, (id) => store.completedPerMethod(id));

  const create = async (): Promise<StartResult> => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const again = await resume();
      if (again) return again;
      // Ordinal first, counts second (see the module comment).
      const ordinal = ((await store.lastOrdinal(studyId)) ?? -1) + 1;
      const seed = deriveSeed(study.seed, 'session', ordinal);
      const activeMinutes = options.activeMinutes ?? DEFAULT_ACTIVE_MINUTES;
      const methodId =
        study.assignment === 'one-method'
          ? chooseMethod(
              study.methods.map((m) => m.id),
              await store.counting(studyId, new Date(now.getTime() - activeMinutes * 60_000)),
              seed,
            )
          : null;
      const rotation = methodId === null ? ordinal : await store.rotation(studyId, methodId, ordinal);
      const plan = planFor(study, { seed, ordinal, rotation, methodId });
      const token = newSessionToken();
      try {
        await store.insert({
          token,
          studyId,
          source: who.source,
          externalId: who.externalId,
          ordinal,
          seed,
          rotation,
          methodId,
          stage: 'consent',
          recruitment: JSON.stringify(who.recruitment),
          now,
          trials: plan,
        });
        return { token, stage: 'consent', created: true };
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        // Another process took this ordinal or this participant: re-read and try again.
        await new Promise((r) => setTimeout(r, 10 * (attempt + 1)));
      }
    }
    throw new Error(`could not start a session for study ${studyId} after ${MAX_ATTEMPTS} attempts (constant conflicts)`);
  };
  return options.serialize === false ? create() : withKeyLock(`start:${studyId}`, create);
}
