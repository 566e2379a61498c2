// `npm run study:delete -- --study ID [--source simulated,preview] [--yes]`: deletes a whole
// study, or only the sessions of some sources, from the database (DATABASE_URL, default
// data/studies.db), after showing how many sessions and answers go and asking to confirm.
// Exit codes: 0 deleted (or nothing to delete), 2 a problem the user can fix or no confirmation, 1 a bug.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { countDeletion, deleteStudyData, type DeletionScope } from '../app/lib/study/delete';
import { RECRUITMENT_SOURCES, type RecruitmentSource } from '../app/lib/study/vocabulary';
import { CliUserError, openTargetDatabase, runDatabaseCli } from './lib/database-cli';

const USAGE = `usage: npm run study:delete -- --study ID [--source LIST] [--yes]
  --study ID       the study
  --source LIST    delete only the sessions whose participants came from these sources
                   (comma-separated: ${RECRUITMENT_SOURCES.join(', ')}); without it, the whole
                   study goes: its photos, sessions and answers
  --yes            do not ask for confirmation (scripts)
The database is DATABASE_URL (a postgres:// URL or a SQLite file; default data/studies.db).`;

function parse(argv: string[]): { help: true } | { help: false; study: string; scope: DeletionScope; yes: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { study: { type: 'string' }, source: { type: 'string' }, yes: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
      allowPositionals: false,
    }));
  } catch (e) {
    throw new CliUserError((e as Error).message);
  }
  if (values.help) return { help: true };
  if (!values.study) throw new CliUserError('--study is required');
  let scope: DeletionScope = null;
  if (values.source !== undefined) {
    const names = values.source.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = names.filter((n) => !(RECRUITMENT_SOURCES as readonly string[]).includes(n));
    if (!names.length || bad.length) throw new CliUserError(`--source must list sources among ${RECRUITMENT_SOURCES.join(', ')}${bad.length ? `; unknown: ${bad.join(', ')}` : ''}`);
    scope = names as RecruitmentSource[];
  }
  return { help: false, study: values.study, scope, yes: values.yes! };
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim().toLowerCase() === 'yes';
  } catch {
    return false; // stdin closed without an answer
  } finally {
    rl.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const db = await openTargetDatabase();
  try {
    const count = await countDeletion(db, args.study, args.scope);
    if (!count) throw new CliUserError(`no study with id "${args.study}"`);
    const what = args.scope ? `the ${args.scope.join(' and ')} sessions of study "${args.study}"` : `study "${args.study}" with all its photos`;
    const summary = `${what}: ${count.sessions} session${count.sessions === 1 ? '' : 's'}, ${count.answers} answer${count.answers === 1 ? '' : 's'}`;
    if (args.scope && count.sessions === 0) {
      console.log(`nothing to delete: ${summary}`);
      return 0;
    }
    if (!args.yes && !(await confirm(`This deletes ${summary}. It cannot be undone. Type "yes" to delete: `))) {
      console.error('study:delete: not confirmed; nothing was deleted');
      return 2;
    }
    const deleted = await deleteStudyData(db, args.study, args.scope);
    console.log(`deleted ${args.scope ? `${deleted} ${args.scope.join('/')} session${deleted === 1 ? '' : 's'} of study "${args.study}"` : `study "${args.study}" (${deleted} sessions)`}`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

runDatabaseCli('study:delete', USAGE, main);
