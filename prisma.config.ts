// Configuration for the Prisma CLI (prisma generate, and prisma migrate deploy for
// users who have Prisma's native schema engine). The app itself never needs the CLI at
// run time: app/lib/db/migrate.ts applies the same migration folders offline.
import { defineConfig } from 'prisma/config';
import { resolveDatabase } from './app/lib/db/url';

const db = resolveDatabase(process.env.DATABASE_URL);

export default defineConfig({
  schema: db.provider === 'postgresql' ? 'prisma/postgres/schema.prisma' : 'prisma/schema.prisma',
  migrations: { path: db.provider === 'postgresql' ? 'prisma/postgres/migrations' : 'prisma/migrations' },
  datasource: { url: db.url },
});
