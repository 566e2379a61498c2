/**
 * The participant hot paths on PostgreSQL, as plain SQL through the pool Prisma's adapter
 * shares (db/client.ts): named statements, which PostgreSQL parses and plans once per
 * connection, where Prisma interprets a query plan and sends several statements per call.
 * The counterpart of direct-sqlite.ts; the decisions (what an answer means, which method a
 * new session gets) are the same functions for both.
 *
 * Concurrency, across the processes of `npm start -- --workers N`: every statement here
 * runs alone (autocommit, READ COMMITTED), and what must hold between concurrent requests is
 * decided by the database in one statement: an answer and the stage it implies are written
 * by one statement, and only when the unique Response.trialId lets the answer in (a second
 * copy inserts nothing and changes nothing); a new participant, session and plan are one
 * statement that the unique constraints refuse as a whole. See responses.ts and start.ts.
 *
 * Values as Prisma stores them: DateTime in TIMESTAMP(3) columns without a zone, holding UTC;
 * sent as ISO text, read back as UTC.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { REAL_SOURCES } from '../results/source-filter';
import type { Side } from '../study/vocabulary';
import { ACTIVE_STAGES } from './assignment';
import type { NewResponse, NewSession, StageChange } from './direct-sqlite';
import { seenIsStale } from './last-seen';
import type { SessionRow, TrialSummary } from './session-record';
import type { StartStore } from './start';
import type { StudyRow } from './study-context';

const TIMESTAMP_OID = 1114;
const utc = (text: string) => new Date(`${text.replace(' ', 'T')}Z`);
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP_OID ? utc : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/** Runs the named statement `name` (prepared once per connection). */
async function query<R extends pg.QueryResultRow>(db: pg.Pool | pg.PoolClient, name: string, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
  return db.query<R>({ name: `ctt_${name}`, text, values, types: TYPES });
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

const SESSION = `SELECT s.id, s."studyId", s.stage, s."lastSeenAt", s.recruitment, s.client, st.status AS "studyStatus", st.config AS "studyConfig", p.source,
  (SELECT json_agg(json_build_array(t.id, t."index", t.kind, t."realSide", t."showsReal", t."exposureMs", t."imageId", t."methodId", r.choice, r.correct) ORDER BY t."index")
   FROM "Trial" t LEFT JOIN "Response" r ON r."trialId" = t.id WHERE t."sessionId" = s.id) AS trials
  FROM "Session" s JOIN "Study" st ON st.id = s."studyId" JOIN "Participant" p ON p.id = s."participantId" WHERE s.id = $1`;

type TrialTuple = [string, number, string, string | null, boolean | null, number | null, string, string, string | null, boolean | null];

/** The session's row and trials (null: no such session), marking it seen when the stored mark is stale (last-seen.ts). */
export async function loadSessionPostgres(pool: pg.Pool, token: string, now: Date): Promise<SessionRow | null> {
  const { rows } = await query<Omit<SessionRow, 'trials'> & { lastSeenAt: Date; trials: TrialTuple[] | null }>(pool, 'session', SESSION, [token]);
  const s = rows[0];
  if (!s) return null;
  if (seenIsStale(s.lastSeenAt, now)) await query(pool, 'touch', `UPDATE "Session" SET "lastSeenAt" = $1 WHERE id = $2`, [iso(now), token]);
  const trials: TrialSummary[] = (s.trials ?? []).map(([id, index, kind, realSide, showsReal, exposureMs, imageId, methodId, choice, correct]) => ({
    id,
    index,
    kind,
    realSide: realSide as Side | null,
    showsReal,
    exposureMs,
    imageId,
    methodId,
    choice,
    correct,
  }));
  const { lastSeenAt: _seen, ...row } = s;
  return { ...row, trials };
}

/**
 * Stores an answer and moves the stored stage from `from` to `to` in one statement, only if no
 * answer to the trial is stored yet. Whether this call stored it.
 */
export async function insertResponsePostgres(pool: pg.Pool, r: NewResponse, token: string, from: string, to: string): Promise<boolean> {
  const { rows } = await query<{ inserted: number }>(
    pool,
    'answer',
    `WITH ins AS (
       INSERT INTO "Response" (id, "trialId", choice, correct, "rtMs", timing, "clientSentAt", "createdAt") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT ("trialId") DO NOTHING RETURNING 1
     ), moved AS (
       UPDATE "Session" SET stage = $10::text WHERE id = $9 AND stage = $11::text AND $10::text <> $11::text AND EXISTS (SELECT 1 FROM ins) RETURNING 1
     )
     SELECT (SELECT count(*) FROM ins)::int AS inserted`,
    [randomUUID(), r.trialId, r.choice, r.correct, r.rtMs, r.timing, iso(r.clientSentAt), iso(r.createdAt), token, to, from],
  );
  return rows[0].inserted === 1;
}

/** A stage left by request (stages.ts): compare-and-set from `from`, with the browser check or the completion time. */
export async function advanceSessionPostgres(pool: pg.Pool, token: string, from: string, to: StageChange): Promise<void> {
  await query(
    pool,
    'advance',
    `UPDATE "Session" SET stage = $1, client = COALESCE($2, client), "completedAt" = COALESCE($3, "completedAt") WHERE id = $4 AND stage = $5`,
    [to.stage, to.client ?? null, to.completedAt ? iso(to.completedAt) : null, token, from],
  );
}

export async function markServedPostgres(pool: pg.Pool, trialId: string, now: Date): Promise<void> {
  await query(pool, 'served', `UPDATE "Trial" SET "servedAt" = $1 WHERE id = $2 AND "servedAt" IS NULL`, [iso(now), trialId]);
}

const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** start.ts's StartStore through the pool. */
export function postgresStartStore(pool: pg.Pool): StartStore {
  const count = (rows: Array<{ methodId: string | null; n: number }>) => new Map(rows.map((r) => [r.methodId, r.n]));
  return {
    study: async (studyId) => {
      const { rows } = await query<Omit<StudyRow, 'images' | 'methods'> & Pick<StudyRow, 'images' | 'methods'>>(
        pool,
        'study',
        `SELECT st.id, st.status, st.seed, st.protocol, st.config,
           COALESCE((SELECT json_agg(json_build_object('id', i.id, 'name', i.name)) FROM "Image" i WHERE i."studyId" = st.id), '[]') AS images,
           COALESCE((SELECT json_agg(json_build_object('id', m.id, 'name', m.name, 'kind', m.kind) ORDER BY m.position) FROM "Method" m WHERE m."studyId" = st.id), '[]') AS methods
         FROM "Study" st WHERE st.id = $1`,
        [studyId],
      );
      return rows[0] ?? null;
    },
    existing: async (studyId, who) => {
      const { rows } = await query<{ id: string; stage: string; recruitment: string }>(
        pool,
        'existing',
        `SELECT s.id, s.stage, s.recruitment FROM "Participant" p JOIN "Session" s ON s."participantId" = p.id
         WHERE p."studyId" = $1 AND p.source = $2 AND p."externalId" = $3`,
        [studyId, who.source, who.externalId],
      );
      return rows[0] ?? null;
    },
    resume: async (token, now, recruitment) => {
      await query(pool, 'resume', `UPDATE "Session" SET "lastSeenAt" = $1, recruitment = COALESCE($2, recruitment) WHERE id = $3`, [iso(now), recruitment, token]);
    },
    completedPerMethod: async (studyId) =>
      count(
        (
          await query<{ methodId: string | null; n: number }>(
            pool,
            'completed',
            `SELECT s."methodId", count(*)::int AS n FROM "Session" s JOIN "Participant" p ON p.id = s."participantId"
             WHERE s."studyId" = $1 AND s.stage = 'complete' AND p.source IN (${sqlList(REAL_SOURCES)}) GROUP BY s."methodId"`,
            [studyId],
          )
        ).rows,
      ),
    lastOrdinal: async (studyId) =>
      (await query<{ ordinal: number | null }>(pool, 'last_ordinal', `SELECT max(ordinal) AS ordinal FROM "Session" WHERE "studyId" = $1`, [studyId])).rows[0].ordinal,
    counting: async (studyId, since) =>
      count(
        (
          await query<{ methodId: string; n: number }>(
            pool,
            'counting',
            `SELECT "methodId", count(*)::int AS n FROM "Session" WHERE "studyId" = $1 AND "methodId" IS NOT NULL
             AND (stage = 'complete' OR (stage IN (${sqlList(ACTIVE_STAGES)}) AND "lastSeenAt" >= $2)) GROUP BY "methodId"`,
            [studyId, iso(since)],
          )
        ).rows,
      ) as Map<string, number>,
    rotation: async (studyId, methodId, ordinal) =>
      (
        await query<{ n: number }>(pool, 'rotation', `SELECT count(*)::int AS n FROM "Session" WHERE "studyId" = $1 AND "methodId" = $2 AND ordinal < $3`, [
          studyId,
          methodId,
          ordinal,
        ])
      ).rows[0].n,
    insert: (s) => insertSessionPostgres(pool, s),
  };
}

/** A new participant, their session and its whole plan in one statement: all or nothing. */
async function insertSessionPostgres(pool: pg.Pool, s: NewSession): Promise<void> {
  const at = iso(s.now);
  const t = s.trials;
  await query(
    pool,
    'insert_session',
    `WITH p AS (
       INSERT INTO "Participant" (id, "studyId", source, "externalId", "createdAt") VALUES ($1, $2, $3, $4, $5) RETURNING id
     ), s AS (
       INSERT INTO "Session" (id, "studyId", "participantId", ordinal, seed, rotation, "methodId", stage, recruitment, "startedAt", "lastSeenAt")
       SELECT $6, $2, p.id, $7, $8, $9, $10, $11, $12, $5, $5 FROM p RETURNING id
     )
     INSERT INTO "Trial" (id, "sessionId", "index", kind, "imageId", "methodId", "realSide", "showsReal", "exposureMs")
     SELECT u.id, s.id, u.index, u.kind, u.image, u.method, u.side, u.real, u.exposure
     FROM s, unnest($13::text[], $14::int[], $15::text[], $16::text[], $17::text[], $18::text[], $19::boolean[], $20::int[]) AS u(id, index, kind, image, method, side, real, exposure)`,
    [
      randomUUID(),
      s.studyId,
      s.source,
      s.externalId,
      at,
      s.token,
      s.ordinal,
      s.seed,
      s.rotation,
      s.methodId,
      s.stage,
      s.recruitment,
      t.map(() => randomUUID()),
      t.map((x) => x.index),
      t.map((x) => x.kind),
      t.map((x) => x.imageId),
      t.map((x) => x.methodId),
      t.map((x) => x.realSide),
      t.map((x) => (x.showsReal === undefined ? null : x.showsReal)),
      t.map((x) => x.exposureMs),
    ],
  );
}
