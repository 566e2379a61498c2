import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../app/lib/db/client';
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
