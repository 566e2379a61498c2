// What the small database commands (study:delete, study:status) share: opening DATABASE_URL
// with a one-line error, and running main with the exit codes 0 done, 2 a problem the user
// can fix (said in one line with the usage, no stack trace), 1 a bug.
import { openDatabase, type Db } from '../../app/lib/db/client';
import { redact } from '../../app/lib/db/migrate';
import { resolveDatabase } from '../../app/lib/db/url';

/** A problem the user can fix, already worded for them. */
export class CliUserError extends Error {}

export async function openTargetDatabase(): Promise<Db> {
  let where = 'the database';
  try {
    const target = resolveDatabase(process.env.DATABASE_URL);
    where = target.provider === 'postgresql' ? redact(target.url) : target.file!;
    return await openDatabase(target);
  } catch (e) {
    throw new CliUserError(`cannot open ${where}: ${(e as Error).message.split('\n')[0]}`);
  }
}

export function runDatabaseCli(name: string, usage: string, main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      if (e instanceof CliUserError) {
        console.error(`${name}: ${e.message}\n${usage}`);
        process.exit(2);
      }
      console.error(`${name} failed unexpectedly:`, e);
      process.exit(1);
    },
  );
}
