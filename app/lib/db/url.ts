import path from 'node:path';

export type Provider = 'sqlite' | 'postgresql';

export interface DatabaseTarget {
  provider: Provider;
  /** The URL as Prisma's CLI expects it (file:… for SQLite). */
  url: string;
  /** Absolute path of the SQLite file; undefined for PostgreSQL. */
  file?: string;
}

/** Where the database lives when DATABASE_URL is unset: a file under the project's data/ folder. */
export const DEFAULT_SQLITE_FILE = path.join('data', 'studies.db');

/**
 * Reads DATABASE_URL: postgres:// or postgresql:// selects PostgreSQL; file:… or a bare path
 * selects SQLite; unset means the embedded default (data/studies.db under the working directory).
 */
export function resolveDatabase(raw: string | undefined, cwd = process.cwd()): DatabaseTarget {
  const value = raw?.trim();
  if (!value) {
    const file = path.resolve(cwd, DEFAULT_SQLITE_FILE);
    return { provider: 'sqlite', url: `file:${file}`, file };
  }
  if (/^postgres(ql)?:\/\//i.test(value)) return { provider: 'postgresql', url: value };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !value.startsWith('file:')) {
    throw new Error(
      `DATABASE_URL must be a postgres:// URL or a SQLite file (file:path or a path); got a ${value.split(':')[0]}: URL`,
    );
  }
  const file = path.resolve(cwd, value.replace(/^file:/, ''));
  return { provider: 'sqlite', url: `file:${file}`, file };
}
