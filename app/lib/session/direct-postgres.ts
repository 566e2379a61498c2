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
 * Under load the requests of one turn of the event loop share their round trips: their
 * sessions are read by one statement, their answers stored by one, their trials (and the
 * trials' images) marked served by one (turn-batch.ts). Most of a request's cost here was the round trip itself
 * (the socket writes and wake-ups on both sides), not the work in the database.
 *
 * Values as Prisma stores them: DateTime in TIMESTAMP(3) columns without a zone, holding UTC;
 * sent as ISO text, read back as UTC.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { REAL_SOURCES } from '../results/source-filter';
import type { Side } from '../study/vocabulary';
import { perTurn, type Outcome } from '../db/turn-batch';
import { ACTIVE_STAGES } from './assignment';
import type { NewResponse, NewSession, StageChange } from './direct-sqlite';
import { SEEN_RESOLUTION_MS } from './last-seen';
import type { SessionRow } from './session-record';
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

/** One batcher per pool and purpose. */
function perPool<I, O>(flush: (pool: pg.Pool, items: I[]) => Promise<Outcome<O>[]>): (pool: pg.Pool, item: I) => Promise<O> {
  const batchers = new WeakMap<pg.Pool, (item: I) => Promise<O>>();
  return (pool, item) => {
    let batcher = batchers.get(pool);
    if (!batcher) batchers.set(pool, (batcher = perTurn((items: I[]) => flush(pool, items))));
    return batcher(item);
  };
}

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });

/** A trial as the sessions statement builds it (json_build_array), in this order. */
type TrialTuple = [
  id: string,
  index: number,
  kind: string,
  realSide: string | null,
  showsReal: boolean | null,
  exposureMs: number | null,
  imagesServed: number,
  imageId: string,
  methodId: string,
  choice: string | null,
  correct: boolean | null,
  rtMs: number | null,
];
type SessionQueryRow = Omit<SessionRow, 'trials'> & { token: string; trials: TrialTuple[] | null };

/**
 * Sessions with their trials, and each one marked seen at its request's time when the stored
 * mark is stale (last-seen.ts: SEEN_RESOLUTION_MS or more away), in one statement.
 */
const SESSIONS = `WITH req AS (SELECT * FROM unnest($1::text[], $2::timestamp[]) AS r(token, at)),
  touched AS (
    UPDATE "Session" s SET "lastSeenAt" = req.at FROM req
    WHERE s.id = req.token AND abs(extract(epoch FROM s."lastSeenAt" - req.at)) * 1000 >= $3
  )
  SELECT DISTINCT ON (req.token) req.token, s.id, s."studyId", s.stage, s.recruitment, s.client, st.status AS "studyStatus", st.config AS "studyConfig", p.source,
    (SELECT json_agg(json_build_array(t.id, t."index", t.kind, t."realSide", t."showsReal", t."exposureMs", t."imagesServed", t."imageId", t."methodId", r.choice, r.correct, r."rtMs") ORDER BY t."index")
     FROM "Trial" t LEFT JOIN "Response" r ON r."trialId" = t.id WHERE t."sessionId" = s.id) AS trials
  FROM req JOIN "Session" s ON s.id = req.token JOIN "Study" st ON st.id = s."studyId" JOIN "Participant" p ON p.id = s."participantId"`;

const loadSessions = perPool<{ token: string; now: Date }, SessionRow | null>(async (pool, items) => {
  const { rows } = await query<SessionQueryRow>(pool, 'sessions', SESSIONS, [items.map((i) => i.token), items.map((i) => iso(i.now)), SEEN_RESOLUTION_MS]);
  const byToken = new Map(rows.map((r) => [r.token, r]));
  return items.map((i) => {
    const s = byToken.get(i.token);
    if (!s) return ok(null);
    const { token: _token, trials, ...row } = s;
    return ok({
      ...row,
      trials: (trials ?? []).map(([id, index, kind, realSide, showsReal, exposureMs, imagesServed, imageId, methodId, choice, correct, rtMs]) => ({
        id,
        index,
        kind,
        realSide: realSide as Side | null,
        showsReal,
        exposureMs,
        imagesServed,
        imageId,
        methodId,
        choice,
        correct,
        rtMs,
      })),
    });
  });
});

/** The session's row and trials (null: no such session), marking it seen when the stored mark is stale (last-seen.ts). */
export function loadSessionPostgres(pool: pg.Pool, token: string, now: Date): Promise<SessionRow | null> {
  return loadSessions(pool, { token, now });
}

interface AnswerWrite {
  response: NewResponse;
  token: string;
  from: string;
  to: string;
}

/**
 * Answers, each with the stage it moves its session to, in one statement: an answer goes in
 * only if its session is still at the stage it was decided at (`from`: not withdrawn or
 * moved on meanwhile) and no answer to its trial is stored (or goes in before it in the same
 * statement), and only an answer that went in moves its session's stage, compare-and-set
 * from `from`.
 */
const ANSWERS = `WITH v AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::float8[], $6::text[], $7::timestamp[], $8::timestamp[], $9::text[], $10::text[], $11::text[], $12::int[], $13::int[])
      AS v(id, "trialId", choice, correct, "rtMs", timing, "clientSentAt", "createdAt", token, "from", "to", "focusLosses", "fullscreenExits")
  ), ins AS (
    INSERT INTO "Response" (id, "trialId", choice, correct, "rtMs", timing, "clientSentAt", "focusLosses", "fullscreenExits", "createdAt")
    SELECT id, "trialId", choice, correct, "rtMs", timing, "clientSentAt", "focusLosses", "fullscreenExits", "createdAt" FROM v
    WHERE EXISTS (SELECT 1 FROM "Session" s WHERE s.id = v.token AND s.stage = v."from")
    ON CONFLICT ("trialId") DO NOTHING RETURNING id
  ), moved AS (
    UPDATE "Session" s SET stage = v."to" FROM v JOIN ins ON ins.id = v.id
    WHERE s.id = v.token AND s.stage = v."from" AND v."to" <> v."from"
  )
  SELECT id FROM ins`;

const storeAnswers = perPool<AnswerWrite, boolean>(async (pool, items) => {
  const ids = items.map(() => randomUUID());
  const r = items.map((i) => i.response);
  const { rows } = await query<{ id: string }>(pool, 'answers', ANSWERS, [
    ids,
    r.map((x) => x.trialId),
    r.map((x) => x.choice),
    r.map((x) => x.correct),
    r.map((x) => x.rtMs),
    r.map((x) => x.timing),
    r.map((x) => iso(x.clientSentAt)),
    r.map((x) => iso(x.createdAt)),
    items.map((i) => i.token),
    items.map((i) => i.from),
    items.map((i) => i.to),
    r.map((x) => x.focusLosses),
    r.map((x) => x.fullscreenExits),
  ]);
  const stored = new Set(rows.map((row) => row.id));
  return ids.map((id) => ok(stored.has(id)));
});

/**
 * Stores an answer and moves the stored stage from `from` to `to`, only if the stored stage is
 * still `from` and no answer to the trial is stored yet (one statement, shared with the
 * answers of the same turn). Whether this call stored it.
 */
export function insertResponsePostgres(pool: pg.Pool, response: NewResponse, token: string, from: string, to: string): Promise<boolean> {
  return storeAnswers(pool, { response, token, from, to });
}

const markServed = perPool<{ trialId: string; now: Date }, void>(async (pool, items) => {
  await query(
    pool,
    'served',
    `UPDATE "Trial" t SET "servedAt" = v.at FROM unnest($1::text[], $2::timestamp[]) AS v(id, at) WHERE t.id = v.id AND t."servedAt" IS NULL`,
    [items.map((i) => i.trialId), items.map((i) => iso(i.now))],
  );
  return items.map(() => ok(undefined));
});

/**
 * A stage left by request (stages.ts): compare-and-set from `from`, with the browser check,
 * the completion time or the withdrawal time. Whether it changed the stage.
 */
export async function advanceSessionPostgres(pool: pg.Pool, token: string, from: string, to: StageChange): Promise<boolean> {
  const { rowCount } = await query(
    pool,
    'advance',
    `UPDATE "Session" SET stage = $1, client = COALESCE($2, client), "completedAt" = COALESCE($3, "completedAt"), "withdrawnAt" = COALESCE($4, "withdrawnAt")
     WHERE id = $5 AND stage = $6`,
    [to.stage, to.client ?? null, iso(to.completedAt ?? null), iso(to.withdrawnAt ?? null), token, from],
  );
  return rowCount === 1;
}

/** Marks the trial served at `now` unless it was (one statement, shared with the trials served in the same turn). */
export function markServedPostgres(pool: pg.Pool, trialId: string, now: Date): Promise<void> {
  return markServed(pool, { trialId, now });
}

const markImagesServed = perPool<{ trialId: string; slot: 0 | 1 }, void>(async (pool, items) => {
  // Both images of a trial are fetched at once, so one batch may hold both slots of a trial:
  // their bits are combined first (an UPDATE ... FROM changes a row once, whatever joins it).
  await query(
    pool,
    'images_served',
    `UPDATE "Trial" t SET "imagesServed" = t."imagesServed" | v.bits
     FROM (SELECT id, bit_or(bit) AS bits FROM unnest($1::text[], $2::int[]) AS u(id, bit) GROUP BY id) v WHERE t.id = v.id`,
    [items.map((i) => i.trialId), items.map((i) => 1 << i.slot)],
  );
  return items.map(() => ok(undefined));
});

/**
 * Records that image slot `slot` of the trial was sent (its bit of Trial.imagesServed, set
 * atomically; one statement, shared with the images served in the same turn), resolving once
 * committed.
 */
export function markImageServedPostgres(pool: pg.Pool, trialId: string, slot: 0 | 1): Promise<void> {
  return markImagesServed(pool, { trialId, slot });
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
