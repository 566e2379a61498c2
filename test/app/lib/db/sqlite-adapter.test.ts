import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, sharedSqlite, type Db } from '../../../../app/lib/db/client';
import { resolveDatabase } from '../../../../app/lib/db/url';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const study = (id: string) => ({ data: { id, name: id, protocol: '2afc', config: '{}', seed: 1 } });

describe('SQLite writes beside an interactive transaction', () => {
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ct-sqlite-tx-'));
    db = await openDatabase(resolveDatabase(path.join(dir, 'db.sqlite')));
  });
  afterAll(async () => {
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a write acknowledged while another transaction is open survives that transaction rolling back', async () => {
    const failing = db
      .$transaction(async (t) => {
        await t.study.create(study('inside'));
        await sleep(150);
        throw new Error('roll back');
      })
      .catch((e: Error) => e.message);
    await sleep(30);
    // Without the guard this write runs on the shared connection inside the open transaction.
    await db.study.create(study('outside'));
    expect(await failing).toBe('roll back');
    expect((await db.study.findMany({ orderBy: { id: 'asc' } })).map((s) => s.id)).toEqual(['outside']);
  });

  it('queries outside wait for the transaction to end instead of running inside it', async () => {
    const order: string[] = [];
    const tx = db
      .$transaction(async (t) => {
        await t.study.create(study('pending'));
        await sleep(100);
      })
      .then(() => order.push('commit'));
    await sleep(20);
    const read = db.study.findMany({ where: { id: 'pending' } }).then((rows) => {
      order.push('read');
      return rows.map((s) => s.id);
    });
    await Promise.all([tx, read]);
    expect(order).toEqual(['commit', 'read']);
    expect(await read).toEqual(['pending']);
  });
});

describe('group commit of the direct writes', () => {
  let dir: string;
  let file: string;
  let db: Db;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ct-sqlite-group-'));
    file = path.join(dir, 'db.sqlite');
    db = await openDatabase(resolveDatabase(file));
  });
  afterAll(async () => {
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits the writes of one turn together, after all of them, and rolls back only the one that throws', async () => {
    const shared = (await sharedSqlite(db))!;
    const c = shared.connection;
    const reader = new Database(file, { readonly: true });
    const insert = (id: string) => c.prepare(`INSERT INTO "Study" (id, name, protocol, config, seed) VALUES (?, ?, '2afc', '{}', 1)`).run(id, id);
    const visibleToOthers = (id: string) => reader.prepare(`SELECT count(*) AS n FROM "Study" WHERE id = ?`).get(id) as { n: number };
    const seenInside: number[] = [];
    const writes = [
      shared.grouped(() => insert('g-first')),
      shared.grouped(() => {
        insert('g-failing');
        throw new Error('refused');
      }),
      shared.grouped(() => {
        insert('g-third');
        // Another connection does not see the first write yet: it commits with the group.
        seenInside.push(visibleToOthers('g-first').n);
        return 'third';
      }),
    ];
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('refused');
    expect((outcomes[2] as PromiseFulfilledResult<string>).value).toBe('third');
    expect(seenInside).toEqual([0]);
    expect(['g-first', 'g-failing', 'g-third'].map((id) => visibleToOthers(id).n)).toEqual([1, 0, 1]);
    reader.close();
  });
});
