/**
 * The one Prisma client of the process. `getPrisma()` opens the configured database
 * (DATABASE_URL: a postgres:// URL, or a SQLite file; by default data/studies.db),
 * applies pending migrations first, and returns the same client on every call.
 * The SQLite and PostgreSQL clients are generated from one schema and share one API;
 * the SQLite client's type stands for both.
 */
import { PrismaPg } from '@prisma/adapter-pg';
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
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url }) });
    return client as unknown as Db;
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
