import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Provider } from './url';

/** One folder of prisma/migrations (or prisma/postgres/migrations), as `prisma migrate` lays them out. */
export interface MigrationFile {
  name: string;
  sql: string;
  /** sha256 of migration.sql, hex: what Prisma records in _prisma_migrations.checksum. */
  checksum: string;
}

/**
 * The project root: where package.json and prisma/ live (this file is app/lib/db/).
 * Inside a Next.js server bundle import.meta.dirname is undefined; Next always runs with
 * the project root as its working directory, so that stands in for it there.
 */
export const projectRoot = import.meta.dirname ? path.resolve(import.meta.dirname, '..', '..', '..') : process.cwd();

export function migrationsDir(provider: Provider, root = projectRoot): string {
  return provider === 'postgresql' ? path.join(root, 'prisma', 'postgres', 'migrations') : path.join(root, 'prisma', 'migrations');
}

/** Migrations in the order Prisma applies them: folder names sorted lexicographically. */
export function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new Error(`migrations folder not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(dir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    });
}
