/**
 * Applies the migration folders to a database, offline, without Prisma's native schema
 * engine (which the Prisma CLI downloads from outside the npm registry). Bookkeeping
 * follows Prisma's own `_prisma_migrations` table exactly (same columns, sha256
 * checksums of migration.sql, one row per applied migration), so a database migrated here
 * is seen as up to date by `prisma migrate deploy`, and one migrated by Prisma is left alone.
 * Each migration runs in a transaction: a failing one leaves no trace and stops the run.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { migrationsDir, readMigrations, type MigrationFile } from './migrations';
import type { DatabaseTarget } from './url';

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

// The exact DDL Prisma's schema engine uses for its bookkeeping table.
const SQLITE_LEDGER = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;
const POSTGRES_LEDGER = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;
// Prisma takes this advisory lock around migrations on PostgreSQL; taking the same one
// keeps two app instances (or us and `prisma migrate deploy`) from migrating at once.
const POSTGRES_ADVISORY_LOCK = 72707369;

/** A migration that failed, with the database's own message. */
export class MigrationError extends Error {}

export async function applyMigrations(target: DatabaseTarget, dir = migrationsDir(target.provider)): Promise<MigrateResult> {
  const migrations = readMigrations(dir);
  return target.provider === 'postgresql' ? migratePostgres(target.url, migrations) : migrateSqlite(target.file!, migrations);
}

function partition(migrations: MigrationFile[], done: Set<string>): { pending: MigrationFile[]; already: string[] } {
  return {
    pending: migrations.filter((m) => !done.has(m.name)),
    already: migrations.filter((m) => done.has(m.name)).map((m) => m.name),
  };
}

function migrateSqlite(file: string, migrations: MigrationFile[]): MigrateResult {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 15_000 });
  try {
    // WAL lets the server read while a script writes (and the reverse).
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.exec(SQLITE_LEDGER);
    const applied: string[] = [];
    // BEGIN IMMEDIATE takes the write lock up front, so two processes starting at once
    // cannot both decide a migration is pending.
    const lockAndRead = (): Set<string> => {
      db.exec('BEGIN IMMEDIATE');
      const rows = db
        .prepare('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
        .all() as Array<{ migration_name: string }>;
      return new Set(rows.map((r) => r.migration_name));
    };
    const { pending, already } = partition(migrations, lockAndRead());
    try {
      for (const m of pending) {
        const startedAt = new Date().toISOString();
        try {
          db.exec(m.sql);
        } catch (e) {
          throw new MigrationError(`migration ${m.name} failed: ${(e as Error).message}`);
        }
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
        ).run(randomUUID(), m.checksum, new Date().toISOString(), m.name, startedAt);
        applied.push(m.name);
      }
      db.exec('COMMIT');
    } catch (e) {
      db.exec('ROLLBACK');
      throw e;
    }
    return { applied, alreadyApplied: already };
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, migrations: MigrationFile[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (e) {
    throw new MigrationError(`cannot connect to PostgreSQL (${redact(url)}): ${(e as Error).message}`);
  }
  try {
    await client.query('SELECT pg_advisory_lock($1)', [POSTGRES_ADVISORY_LOCK]);
    await client.query(POSTGRES_LEDGER);
    const { rows } = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const { pending, already } = partition(migrations, new Set(rows.map((r) => r.migration_name)));
    const applied: string[] = [];
    for (const m of pending) {
      const startedAt = new Date();
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
          [randomUUID(), m.checksum, m.name, startedAt],
        );
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new MigrationError(`migration ${m.name} failed: ${(e as Error).message}`);
      }
      applied.push(m.name);
    }
    return { applied, alreadyApplied: already };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [POSTGRES_ADVISORY_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
