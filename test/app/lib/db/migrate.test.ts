import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../app/lib/db/client';
import { applyMigrations, MigrationError } from '../../../../app/lib/db/migrate';
import { migrationsDir, projectRoot, readMigrations } from '../../../../app/lib/db/migrations';
import { postgresSchemaFrom } from '../../../../app/lib/db/schema-variants';
import { resolveDatabase } from '../../../../app/lib/db/url';
import { driftFromSchema, openSchemaEngine } from '../../../../scripts/db/schema-engine';
import { createTestDatabase, postgresSkipReason } from '../../../helpers/postgres';

const sqliteSchema = readFileSync(path.join(projectRoot, 'prisma', 'schema.prisma'), 'utf8');

describe('schema files', () => {
  it('the PostgreSQL schema is the SQLite one with only the provider and output swapped', () => {
    const committed = readFileSync(path.join(projectRoot, 'prisma', 'postgres', 'schema.prisma'), 'utf8');
    expect(committed).toBe(postgresSchemaFrom(sqliteSchema));
  });

  it('every schema change has a migration (schema.migrated.prisma is the current schema)', () => {
    const migrated = readFileSync(path.join(projectRoot, 'prisma', 'schema.migrated.prisma'), 'utf8');
    expect(migrated, 'run `npm run db:migration -- --name …` after editing prisma/schema.prisma').toBe(sqliteSchema);
  });

  it('both databases have the same migrations, by name', () => {
    const names = (p: 'sqlite' | 'postgresql') => readMigrations(migrationsDir(p)).map((m) => m.name);
    expect(names('postgresql')).toEqual(names('sqlite'));
    expect(names('sqlite').length).toBeGreaterThan(0);
  });
});

/** Writes one row in every table through the Prisma client, then reads it all back. */
async function exerciseEveryModel(db: Db): Promise<void> {
  const study = await db.study.create({ data: { id: 's1', name: 'Study', protocol: '2afc', config: '{}', seed: 7 } });
  const asset = await db.asset.create({
    data: { studyId: study.id, sha256: 'ab'.repeat(32), mime: 'image/jpeg', width: 4, height: 3, bytes: Buffer.from([1, 2, 3]) },
  });
  const method = await db.method.create({ data: { studyId: study.id, name: 'zhang', kind: 'method', position: 0 } });
  const image = await db.image.create({ data: { studyId: study.id, name: 'kodim01', realAssetId: asset.id } });
  await db.stimulus.create({ data: { imageId: image.id, methodId: method.id, assetId: asset.id } });
  const participant = await db.participant.create({ data: { studyId: study.id, source: 'prolific', externalId: 'P1' } });
  const session = await db.session.create({
    data: { id: 'tok', studyId: study.id, participantId: participant.id, ordinal: 0, seed: 1, rotation: 0, stage: 'test', recruitment: '{}' },
  });
  const trial = await db.trial.create({
    data: { sessionId: session.id, index: 0, kind: 'test', imageId: image.id, methodId: method.id, realSide: 'left' },
  });
  await db.response.create({ data: { trialId: trial.id, choice: 'right', correct: true, rtMs: 812.5, timing: '{}' } });
  // One response per trial: a duplicate is refused by the database itself.
  await expect(db.response.create({ data: { trialId: trial.id, choice: 'left', correct: false, rtMs: 1, timing: '{}' } })).rejects.toThrow();
  const back = await db.trial.findUniqueOrThrow({
    where: { sessionId_index: { sessionId: session.id, index: 0 } },
    include: { response: true, image: { include: { realAsset: true, stimuli: true } }, session: { include: { participant: true } } },
  });
  expect(back.response?.rtMs).toBe(812.5);
  expect(back.response?.correct).toBe(true);
  expect(Buffer.from(back.image.realAsset.bytes)).toEqual(Buffer.from([1, 2, 3]));
  expect(back.image.stimuli).toHaveLength(1);
  expect(back.session.participant.externalId).toBe('P1');
  // Deleting the study cascades to everything that belongs to it.
  await db.study.delete({ where: { id: study.id } });
  expect(await db.trial.count()).toBe(0);
  expect(await db.asset.count()).toBe(0);
}

type Structure = Record<string, { columns: string[]; indexes: string[] }>;

function sqliteStructure(file: string): Structure {
  const raw = new Database(file, { readonly: true });
  const out: Structure = {};
  const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>;
  for (const { name } of tables) {
    const cols = raw.prepare(`PRAGMA table_info("${name}")`).all() as Array<{ name: string; notnull: number; pk: number }>;
    const idx = raw.prepare(`PRAGMA index_list("${name}")`).all() as Array<{ name: string; origin: string }>;
    out[name] = {
      columns: cols.map((c) => `${c.name}${c.notnull || c.pk ? ' not null' : ''}`).sort(),
      indexes: idx.filter((i) => i.origin === 'c').map((i) => i.name).sort(),
    };
  }
  raw.close();
  return out;
}

async function postgresStructure(url: string): Promise<Structure> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const cols = await c.query(
    "SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'",
  );
  const idx = await c.query("SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey'");
  await c.end();
  const out: Structure = {};
  for (const r of cols.rows) (out[r.table_name] ??= { columns: [], indexes: [] }).columns.push(`${r.column_name}${r.is_nullable === 'NO' ? ' not null' : ''}`);
  for (const r of idx.rows) out[r.tablename].indexes.push(r.indexname);
  for (const t of Object.values(out)) {
    t.columns.sort();
    t.indexes.sort();
  }
  return out;
}

describe('SQLite', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ct-db-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a fresh file is created, migrated once, and matches the schema exactly', async () => {
    const target = resolveDatabase(path.join(dir, 'nested', 'fresh.db'));
    const first = await applyMigrations(target);
    expect(first.applied).toEqual(readMigrations(migrationsDir('sqlite')).map((m) => m.name));
    const second = await applyMigrations(target);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);

    // Bookkeeping as Prisma keeps it: sha256 of migration.sql, finished, one step.
    const raw = new Database(target.file!);
    const rows = raw.prepare('SELECT * FROM _prisma_migrations ORDER BY migration_name').all() as Array<Record<string, unknown>>;
    raw.close();
    const files = readMigrations(migrationsDir('sqlite'));
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, r] of rows.entries()) {
      const sql = readFileSync(path.join(migrationsDir('sqlite'), files[i].name, 'migration.sql'));
      expect(r.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(r.finished_at).not.toBeNull();
      expect(r.applied_steps_count).toBe(1);
    }

    // Prisma's own schema engine finds nothing to change: the database is what the schema says.
    const engine = await openSchemaEngine(new PrismaBetterSqlite3({ url: target.file! }), sqliteSchema);
    expect((await driftFromSchema(engine, sqliteSchema)).trim()).toMatch(/^(-- This is an empty migration\.)?$/);
  });

  it('the client reads and writes every model', async () => {
    const db = await openDatabase(resolveDatabase(path.join(dir, 'client.db')));
    try {
      await exerciseEveryModel(db);
    } finally {
      await db.$disconnect();
    }
  });

  it('a failing migration leaves no trace and names itself', async () => {
    const migrations = path.join(dir, 'bad-migrations');
    mkdirSync(path.join(migrations, '001_ok'), { recursive: true });
    mkdirSync(path.join(migrations, '002_bad'), { recursive: true });
    writeFileSync(path.join(migrations, '001_ok', 'migration.sql'), 'CREATE TABLE "A" ("id" INTEGER);');
    writeFileSync(path.join(migrations, '002_bad', 'migration.sql'), 'CREATE TABLE "B" ("id" INTEGER); CREATE TABLE "A" ("x" INTEGER);');
    const target = resolveDatabase(path.join(dir, 'bad.db'));
    await expect(applyMigrations(target, migrations)).rejects.toThrow(MigrationError);
    await expect(applyMigrations(target, migrations)).rejects.toThrow(/002_bad/);
    const raw = new Database(target.file!);
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>;
    const ledger = raw.prepare('SELECT COUNT(*) AS n FROM _prisma_migrations').get() as { n: number };
    raw.close();
    expect(tables.map((t) => t.name)).toEqual(['_prisma_migrations']);
    expect(ledger.n).toBe(0);
  });
});

describe.skipIf(!!postgresSkipReason)('PostgreSQL', () => {
  let db: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('a fresh database is migrated once, matches the schema, and the client works', async () => {
    const target = resolveDatabase(db.url);
    expect(target.provider).toBe('postgresql');
    const first = await applyMigrations(target);
    expect(first.applied.length).toBeGreaterThan(0);
    expect((await applyMigrations(target)).applied).toEqual([]);

    const raw = new pg.Client({ connectionString: db.url });
    await raw.connect();
    const { rows } = await raw.query('SELECT migration_name, checksum, applied_steps_count FROM _prisma_migrations ORDER BY migration_name');
    await raw.end();
    expect(rows.map((r) => r.checksum)).toEqual(readMigrations(migrationsDir('postgresql')).map((m) => m.checksum));

    // The engine cannot introspect PostgreSQL through the adapter (it fails on pg_catalog's
    // 'char' columns), so compare the structure with the SQLite database, which the test
    // above checked against the schema: same tables, columns, nullability and indexes.
    const refDir = mkdtempSync(path.join(tmpdir(), 'ct-db-ref-'));
    try {
      const ref = resolveDatabase(path.join(refDir, 'ref.db'));
      await applyMigrations(ref);
      expect(await postgresStructure(db.url)).toEqual(sqliteStructure(ref.file!));
    } finally {
      rmSync(refDir, { recursive: true, force: true });
    }

    const client = await openDatabase(target);
    try {
      await exerciseEveryModel(client);
    } finally {
      await client.$disconnect();
    }
  });
});

describe('resolveDatabase', () => {
  it('defaults to data/studies.db, accepts file: URLs, paths and postgres URLs, refuses others', () => {
    expect(resolveDatabase(undefined, '/srv/app')).toEqual({ provider: 'sqlite', url: 'file:/srv/app/data/studies.db', file: '/srv/app/data/studies.db' });
    expect(resolveDatabase('file:./x.db', '/srv/app').file).toBe('/srv/app/x.db');
    expect(resolveDatabase('postgres://u:p@h/db').provider).toBe('postgresql');
    expect(() => resolveDatabase('mysql://u@h/db')).toThrow(/postgres:\/\/ URL or a SQLite file/);
  });
});
