/**
 * A fresh PostgreSQL database per test file, on the server named by TEST_POSTGRES_URL
 * (`.ci/run` installs and starts one). Without it the PostgreSQL tests are skipped with
 * the reason printed, on a developer's machine only: in CI (CI set) its absence fails.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const postgresUrl = process.env.TEST_POSTGRES_URL;
export const postgresSkipReason = postgresUrl
  ? undefined
  : 'TEST_POSTGRES_URL is not set: PostgreSQL tests skipped (run .ci/run, or start PostgreSQL and set it)';

if (!postgresUrl && process.env.CI) {
  throw new Error('CI is set but TEST_POSTGRES_URL is not: the PostgreSQL tests must run in CI');
}
if (postgresSkipReason) console.warn(postgresSkipReason);

/** Creates an empty database and returns its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!postgresUrl) throw new Error(postgresSkipReason);
  const name = `cttest_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: postgresUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
