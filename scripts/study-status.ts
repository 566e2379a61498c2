// `npm run study:status -- --study ID [--set open|paused|closed]`: shows a study's status,
// completed sessions per method (against recruitment.targetPerMethod) and median completion
// time; with --set, opens, pauses or closes it. Sessions already started continue either way.
// Exit codes: 0 done, 2 a problem the user can fix, 1 a bug.
import { parseArgs } from 'node:util';
import { loadStudyContext } from '../app/lib/session/study-context';
import { completedPerMethod, isStudyFull, isStudyStatus, medianCompletionMinutes, setStudyStatus, STUDY_STATUSES } from '../app/lib/study/lifecycle';
import { CliUserError, openTargetDatabase, runDatabaseCli } from './lib/database-cli';

const USAGE = `usage: npm run study:status -- --study ID [--set ${STUDY_STATUSES.join('|')}]
  --study ID     the study
  --set STATUS   open: new participants welcome; paused: new arrivals asked to come back later;
                 closed: no new participants. Started sessions continue in every state.
The database is DATABASE_URL (a postgres:// URL or a SQLite file; default data/studies.db).`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { study: { type: 'string' }, set: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } }, allowPositionals: false }));
  } catch (e) {
    throw new CliUserError((e as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.study) throw new CliUserError('--study is required');
  if (values.set !== undefined && !isStudyStatus(values.set)) throw new CliUserError(`--set must be ${STUDY_STATUSES.join(', ')}; got "${values.set}"`);
  const db = await openTargetDatabase();
  try {
    if (values.set !== undefined) {
      if (!(await setStudyStatus(db, values.study, values.set as (typeof STUDY_STATUSES)[number]))) throw new CliUserError(`no study with id "${values.study}"`);
    }
    const study = await loadStudyContext(db, values.study);
    if (!study) throw new CliUserError(`no study with id "${values.study}"`);
    const done = await completedPerMethod(db, study.id);
    const target = study.config.recruitment.targetPerMethod;
    const full = await isStudyFull(db, study);
    console.log(`study "${study.id}": ${study.status}${values.set !== undefined ? ' (set now)' : ''}${full ? ', full (target reached)' : ''}`);
    const per =
      study.assignment === 'mixed'
        ? `  completed sessions:  ${done.get(null) ?? 0}${target ? ` of ${target}` : ''} (every method in each)`
        : study.methods.map((m) => `  ${m.name.padEnd(20)} ${done.get(m.id) ?? 0}${target ? ` of ${target}` : ''} completed`).join('\n');
    console.log(per);
    const median = await medianCompletionMinutes(db, study.id);
    console.log(`  median completion time: ${median === null ? 'no completed session yet' : `${median.toFixed(1)} minutes`}`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

runDatabaseCli('study:status', USAGE, main);
