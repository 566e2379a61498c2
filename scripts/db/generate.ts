// Generates the two Prisma clients (SQLite and PostgreSQL) offline.
// Prisma's CLI wants a native schema-engine binary even for `generate`, which never
// uses it, and downloads one from outside the npm registry when none is set. Any
// executable satisfies the check, so we point it at Node itself.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { postgresSchemaFrom } from '../../app/lib/db/schema-variants';

const root = path.resolve(import.meta.dirname, '..', '..');
const sqliteSchema = path.join(root, 'prisma', 'schema.prisma');
const postgresSchema = path.join(root, 'prisma', 'postgres', 'schema.prisma');

mkdirSync(path.dirname(postgresSchema), { recursive: true });
writeFileSync(postgresSchema, postgresSchemaFrom(readFileSync(sqliteSchema, 'utf8')));

const prismaCli = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
for (const schema of [sqliteSchema, postgresSchema]) {
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', schema], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
}
console.log('Prisma clients generated (app/generated/sqlite, app/generated/postgres)');
