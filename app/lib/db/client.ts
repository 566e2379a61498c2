/**
 * The one Prisma client of the process. `getPrisma()` opens the configured database
 * (DATABASE_URL: a postgres:// URL, or a SQLite file; by default data/studies.db),
 * applies pending migrations first, and returns the same client on every call.
 * The SQLite and PostgreSQL clients are generated from one schema and share one API;
 * the SQLite client's type stands for both.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient as SqliteClient } from '../../generated/sqlite/client';
import { PrismaClient as PostgresClient } from '../../generated/postgres/client';
import { applyMigrations } from './migrate';
import { TransactionSafeSqlite, type SharedSqlite } from './sqlite-adapter';
import { resolveDatabase, type DatabaseTarget } from './url';

export type Db = SqliteClient;

/** Opens a client for `target` after migrating it. Callers own it and must `$disconnect()`. */
export async function openDatabase(target: DatabaseTarget = resolveDatabase(process.env.DATABASE_URL)): Promise<Db> {
  await applyMigrations(target);
  if (target.provider === 'postgresql') {
    // One pool for Prisma and the hot participant paths' own SQL (app/lib/session/direct-postgres.ts).
    const pool = new pg.Pool({ connectionString: target.url });
    // An idle connection closed by the server (a restart, a dropped database) is replaced on next use, not a crash.
    pool.on('error', (e) => console.error(`database: an idle connection failed (${e.message})`));
    const client = new PostgresClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) }) as unknown as Db;
    // Connected now, so that $disconnect() ends the pool even if only the direct paths used it.
    await client.$connect();
    postgresPools.set(client, pool);
    return client;
  }
  const adapter = new TransactionSafeSqlite({ url: target.file!, timeout: 15_000 });
  const client = new SqliteClient({ adapter });
  sqliteAdapters.set(client, adapter);
  return client;
}

// On globalThis: npm start's server (scripts/serve.ts) loads this module once itself and once
// more inside Next.js's bundles, and both copies must find the adapter of the one client.
const sqliteAdapters = ((globalThis as Record<symbol, unknown>)[Symbol.for('colorization-turing-test.sqlite-adapters')] ??= new WeakMap()) as WeakMap<
  Db,
  TransactionSafeSqlite
>;

const postgresPools = ((globalThis as Record<symbol, unknown>)[Symbol.for('colorization-turing-test.postgres-pools')] ??= new WeakMap()) as WeakMap<Db, pg.Pool>;

/** A PostgreSQL client's connection pool, for the hot participant paths (app/lib/session/direct-postgres.ts); null for SQLite. */
export function sharedPostgres(db: Db): pg.Pool | null {
  return postgresPools.get(db) ?? null;
}

/** The hot paths' own way into a client's database: SQLite's shared connection, or PostgreSQL's pool. */
export type DirectAccess = { sqlite: SharedSqlite; postgres?: undefined } | { sqlite?: undefined; postgres: pg.Pool };

export async function directAccess(db: Db): Promise<DirectAccess> {
  const sqlite = await sharedSqlite(db);
  if (sqlite) return { sqlite };
  const postgres = sharedPostgres(db);
  if (postgres) return { postgres };
  throw new Error('the participant paths need a client opened by openDatabase (db/client.ts) whose SQLite adapter shows its connection');
}

/**
 * A SQLite client's own connection, for the hot participant paths (app/lib/session/direct-sqlite.ts);
 * null for PostgreSQL.
 */
export async function sharedSqlite(db: Db): Promise<SharedSqlite | null> {
  const adapter = sqliteAdapters.get(db);
  if (!adapter) return null;
  const shared = adapter.direct();
  if (shared) return shared;
  await db.$connect();
  return adapter.direct();
}

// Kept on globalThis so Next.js's dev-mode module reloading does not open a client per reload,
// and npm start's fast path and Next.js's bundles share one client (and so one SQLite connection).
const holder = globalThis as unknown as { __studyDb?: Promise<Db> };

/** The process-wide client for DATABASE_URL, opened (and migrated) on first use. */
export function getPrisma(): Promise<Db> {
  holder.__studyDb ??= openDatabase().catch((e) => {
    holder.__studyDb = undefined;
    throw e;
  });
  return holder.__studyDb;
}
