/**
 * Derives the PostgreSQL schema from the SQLite one. The two differ only in the
 * datasource provider and the generated client's folder, so there is one schema to edit.
 */
export function postgresSchemaFrom(sqliteSchema: string): string {
  const swapped = sqliteSchema
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output(\s*)=(\s*)"\.\.\/app\/generated\/sqlite"/, 'output$1=$2"../../app/generated/postgres"');
  if (swapped === sqliteSchema || !swapped.includes('"postgresql"') || !swapped.includes('generated/postgres')) {
    throw new Error('prisma/schema.prisma: expected provider = "sqlite" and output = "../app/generated/sqlite"');
  }
  return '// GENERATED from prisma/schema.prisma by `npm run db:generate`: do not edit.\n' + swapped;
}
