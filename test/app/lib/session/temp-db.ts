/** A fresh SQLite database in a temp folder (real file, migrated), for the session tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../../../app/lib/db/client';
import { resolveDatabase } from '../../../../app/lib/db/url';

export interface TempDb {
  db: Db;
  file: string;
  close: () => Promise<void>;
}

export async function tempSqlite(prefix = 'ct-session-'): Promise<TempDb> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const file = path.join(dir, 'studies.db');
  const db = await openDatabase(resolveDatabase(file));
  return {
    db,
    file,
    close: async () => {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
