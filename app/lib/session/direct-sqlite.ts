/**
 * The participant hot paths on SQLite, as prepared statements on the Prisma adapter's own
 * connection (db/sqlite-adapter.ts), run synchronously through its gate: a session's row and
 * trials in two statements, an answer in one IMMEDIATE transaction. Going through Prisma cost
 * most of an answer's server time (a query plan interpreted per call, every statement
 * prepared again, five queries for one session); these statements are prepared once per
 * connection. PostgreSQL has its own statements (direct-postgres.ts).
 *
 * Values as Prisma stores them: DateTime as ISO text with "+00:00", Boolean as 0/1.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { SharedSqlite } from '../db/sqlite-adapter';
import { REAL_SOURCES } from '../results/source-filter';
import type { Side } from '../study/vocabulary';
import { ACTIVE_STAGES } from './assignment';
import { seenIsStale } from './last-seen';
import type { SessionRow, TrialSummary } from './session-record';
import type { StartStore } from './start';
import type { StudyRow } from './study-context';

/** A Date as Prisma's SQLite adapter writes it. */
export const sqliteDateTime = (d: Date) => d.toISOString().replace('Z', '+00:00');

interface SessionQueryRow {
  id: string;
  studyId: string;
  stage: string;
  lastSeenAt: string;
  recruitment: string;
  client: string | null;
  studyStatus: string;
  studyConfig: string;
  source: string;
}

/** A trial row as an array, in the statement's column order (the statement is raw: better-sqlite3 spends a third of the query's time naming columns). */
type TrialQueryRow = [
  id: string,
  index: number,
  kind: string,
  realSide: string | null,
  showsReal: number | null,
  exposureMs: number | null,
  imagesServed: number,
  imageId: string,
  methodId: string,
  choice: string | null,
  correct: number | null,
  rtMs: number | null,
];

function prepareAll(c: Database.Database) {
  // The adapter reads integers as BigInt; these statements read plain numbers.
  const prep = (sql: string) => {
    const st = c.prepare(sql);
    return st.reader ? st.safeIntegers(false) : st;
  };
  return {
    session: prep(
      `SELECT s.id, s.studyId, s.stage, s.lastSeenAt, s.recruitment, s.client, st.status AS studyStatus, st.config AS studyConfig, p.source
       FROM "Session" s JOIN "Study" st ON st.id = s.studyId JOIN "Participant" p ON p.id = s.participantId WHERE s.id = ?`,
    ),
    trials: prep(
      `SELECT t.id, t."index", t.kind, t.realSide, t.showsReal, t.exposureMs, t.imagesServed, t.imageId, t.methodId, r.choice, r.correct, r.rtMs
       FROM "Trial" t LEFT JOIN "Response" r ON r.trialId = t.id WHERE t.sessionId = ? ORDER BY t."index"`,
    ).raw(),
    touch: prep(`UPDATE "Session" SET lastSeenAt = ? WHERE id = ?`),
    setStage: prep(`UPDATE "Session" SET stage = ? WHERE id = ? AND stage = ?`),
    advance: prep(
      `UPDATE "Session" SET stage = ?, client = COALESCE(?, client), completedAt = COALESCE(?, completedAt), withdrawnAt = COALESCE(?, withdrawnAt)
       WHERE id = ? AND stage = ?`,
    ),
    insertResponse: prep(
      `INSERT INTO "Response" (id, trialId, choice, correct, rtMs, timing, clientSentAt, focusLosses, fullscreenExits, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    markServed: prep(`UPDATE "Trial" SET servedAt = ? WHERE id = ? AND servedAt IS NULL`),
    markImageServed: prep(`UPDATE "Trial" SET imagesServed = imagesServed | ? WHERE id = ?`),
    insertParticipant: prep(`INSERT INTO "Participant" (id, studyId, source, externalId, createdAt) VALUES (?, ?, ?, ?, ?)`),
    insertSession: prep(
      `INSERT INTO "Session" (id, studyId, participantId, ordinal, seed, rotation, methodId, stage, recruitment, startedAt, lastSeenAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertTrial: prep(
      `INSERT INTO "Trial" (id, sessionId, "index", kind, imageId, methodId, realSide, showsReal, exposureMs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // Starting a session (start.ts's StartStore).
    study: prep(`SELECT id, status, seed, protocol, config FROM "Study" WHERE id = ?`),
    images: prep(`SELECT id, name FROM "Image" WHERE studyId = ?`),
    methods: prep(`SELECT id, name, kind FROM "Method" WHERE studyId = ? ORDER BY position`),
    existing: prep(
      `SELECT s.id, s.stage, s.recruitment FROM "Participant" p JOIN "Session" s ON s.participantId = p.id
       WHERE p.studyId = ? AND p.source = ? AND p.externalId = ?`,
    ),
    resume: prep(`UPDATE "Session" SET lastSeenAt = ?, recruitment = COALESCE(?, recruitment) WHERE id = ?`),
    completed: prep(
      `SELECT s.methodId, COUNT(*) AS n FROM "Session" s JOIN "Participant" p ON p.id = s.participantId
       WHERE s.studyId = ? AND s.stage = 'complete' AND p.source IN (${REAL_SOURCES.map((r) => `'${r}'`).join(', ')}) GROUP BY s.methodId`,
    ),
    lastOrdinal: prep(`SELECT MAX(ordinal) AS ordinal FROM "Session" WHERE studyId = ?`),
    counting: prep(
      `SELECT methodId, COUNT(*) AS n FROM "Session" WHERE studyId = ? AND methodId IS NOT NULL
       AND (stage = 'complete' OR (stage IN (${ACTIVE_STAGES.map((a) => `'${a}'`).join(', ')}) AND lastSeenAt >= ?)) GROUP BY methodId`,
    ),
    rotation: prep(`SELECT COUNT(*) AS n FROM "Session" WHERE studyId = ? AND methodId = ? AND ordinal < ?`),
  };
}

type Statements = ReturnType<typeof prepareAll>;
const prepared = new WeakMap<Database.Database, Statements>();

function statements(c: Database.Database): Statements {
  let s = prepared.get(c);
  if (!s) prepared.set(c, (s = prepareAll(c)));
  return s;
}

const bool = (v: number | null) => (v === null ? null : v !== 0);

/**
 * The session's row and trials (null: no such session), marking it seen when the stored mark
 * is stale (last-seen.ts). Synchronous: call it through SharedSqlite.outside, or inside
 * a transaction.
 */
export function loadSessionDirect(c: Database.Database, token: string, now: Date): SessionRow | null {
  const st = statements(c);
  const s = st.session.get(token) as SessionQueryRow | undefined;
  if (!s) return null;
  if (seenIsStale(new Date(s.lastSeenAt), now)) st.touch.run(sqliteDateTime(now), token);
  const trials: TrialSummary[] = (st.trials.all(token) as TrialQueryRow[]).map(
    ([id, index, kind, realSide, showsReal, exposureMs, imagesServed, imageId, methodId, choice, correct, rtMs]) => ({
      id,
      index,
      kind,
      realSide: realSide as Side | null,
      showsReal: bool(showsReal),
      exposureMs,
      imagesServed,
      imageId,
      methodId,
      choice,
      correct: bool(correct),
      rtMs,
    }),
  );
  const { lastSeenAt: _seen, ...row } = s;
  return { ...row, trials };
}

export interface NewResponse {
  trialId: string;
  choice: string;
  correct: boolean;
  rtMs: number;
  timing: string;
  clientSentAt: Date | null;
  focusLosses: number | null;
  fullscreenExits: number | null;
  createdAt: Date;
}

export function insertResponseDirect(c: Database.Database, r: NewResponse): void {
  statements(c).insertResponse.run(
    randomUUID(),
    r.trialId,
    r.choice,
    r.correct ? 1 : 0,
    r.rtMs,
    r.timing,
    r.clientSentAt ? sqliteDateTime(r.clientSentAt) : null,
    r.focusLosses,
    r.fullscreenExits,
    sqliteDateTime(r.createdAt),
  );
}

/** Compare-and-set of the stage; whether it changed. */
export function setStageDirect(c: Database.Database, token: string, from: string, to: string): boolean {
  return statements(c).setStage.run(to, token, from).changes === 1;
}

/**
 * A stage left by request (stages.ts): compare-and-set from `from`, with the browser check,
 * the completion time or the withdrawal time. Whether it changed the stage.
 */
export function advanceSessionDirect(c: Database.Database, token: string, from: string, to: StageChange): boolean {
  const at = (d: Date | undefined) => (d ? sqliteDateTime(d) : null);
  return statements(c).advance.run(to.stage, to.client ?? null, at(to.completedAt), at(to.withdrawnAt), token, from).changes === 1;
}

export interface StageChange {
  stage: string;
  client?: string;
  completedAt?: Date;
  withdrawnAt?: Date;
}

export function markServedDirect(c: Database.Database, trialId: string, now: Date): void {
  statements(c).markServed.run(sqliteDateTime(now), trialId);
}

/** Records that image slot `slot` of the trial was sent (one bit per slot, set atomically). */
export function markImageServedDirect(c: Database.Database, trialId: string, slot: 0 | 1): void {
  statements(c).markImageServed.run(1 << slot, trialId);
}

export interface NewSession {
  token: string;
  studyId: string;
  source: string;
  externalId: string;
  ordinal: number;
  seed: number;
  rotation: number;
  methodId: string | null;
  stage: string;
  recruitment: string;
  now: Date;
  trials: Array<{ index: number; kind: string; imageId: string; methodId: string; realSide: string | null; showsReal?: boolean; exposureMs: number | null }>;
}

/**
 * A new participant, their session and its whole plan in one transaction: a few hundred
 * microseconds, where Prisma's nested create held the shared connection (and so every
 * answer) for tens of milliseconds per start. Unique violations throw as from Prisma's.
 */
export function insertSessionDirect(c: Database.Database, s: NewSession): void {
  const st = statements(c);
  const at = sqliteDateTime(s.now);
  c.transaction(() => {
    const participantId = randomUUID();
    st.insertParticipant.run(participantId, s.studyId, s.source, s.externalId, at);
    st.insertSession.run(s.token, s.studyId, participantId, s.ordinal, s.seed, s.rotation, s.methodId, s.stage, s.recruitment, at, at);
    for (const t of s.trials) {
      st.insertTrial.run(randomUUID(), s.token, t.index, t.kind, t.imageId, t.methodId, t.realSide, t.showsReal === undefined ? null : t.showsReal ? 1 : 0, t.exposureMs);
    }
  }).immediate();
}

/**
 * start.ts's StartStore on the shared connection: each statement run when no Prisma
 * transaction is open; the new session written with the group commit (sqlite-adapter.ts).
 */
export function sqliteStartStore({ connection: c, outside, grouped }: SharedSqlite): StartStore {
  const st = statements(c);
  return {
    study: (studyId) =>
      outside(() => {
        const study = st.study.get(studyId) as Omit<StudyRow, 'images' | 'methods'> | undefined;
        if (!study) return null;
        return { ...study, images: st.images.all(studyId) as StudyRow['images'], methods: st.methods.all(studyId) as StudyRow['methods'] };
      }),
    existing: (studyId, who) => outside(() => (st.existing.get(studyId, who.source, who.externalId) as { id: string; stage: string; recruitment: string } | undefined) ?? null),
    resume: (token, now, recruitment) => outside(() => void st.resume.run(sqliteDateTime(now), recruitment, token)),
    completedPerMethod: (studyId) =>
      outside(() => new Map((st.completed.all(studyId) as Array<{ methodId: string | null; n: number }>).map((r) => [r.methodId, r.n]))),
    lastOrdinal: (studyId) => outside(() => (st.lastOrdinal.get(studyId) as { ordinal: number | null }).ordinal),
    counting: (studyId, since) =>
      outside(() => new Map((st.counting.all(studyId, sqliteDateTime(since)) as Array<{ methodId: string; n: number }>).map((r) => [r.methodId, r.n]))),
    rotation: (studyId, methodId, ordinal) => outside(() => (st.rotation.get(studyId, methodId, ordinal) as { n: number }).n),
    insert: (row) => grouped(() => insertSessionDirect(c, row)),
  };
}
