// `npm run db:migrate`: applies pending migrations to DATABASE_URL (default: data/studies.db).
// The app and every script also do this on first use; this is for operators who want it
// done (and reported) before starting the server.
import { applyMigrations, redact } from '../../app/lib/db/migrate';
import { resolveDatabase } from '../../app/lib/db/url';

try {
  const target = resolveDatabase(process.env.DATABASE_URL);
  const { applied, alreadyApplied } = await applyMigrations(target);
  const where = target.provider === 'postgresql' ? redact(target.url) : target.file;
  console.log(`${target.provider} ${where}: ${applied.length} migration(s) applied, ${alreadyApplied.length} already there`);
  for (const name of applied) console.log(`  applied ${name}`);
} catch (e) {
  console.error(`db:migrate: ${(e as Error).message}`);
  process.exit(2);
}
