// `npm run study:create -- --config study.json|yaml [--replace] [--dry-run]`: imports the
// photos and colorizations a study config names into the database (DATABASE_URL, default
// data/studies.db) and prints where participants and researchers find it.
// Exit codes: 0 created (or checked, with --dry-run), 2 a problem the user can fix, 1 a bug.
import { parseArgs } from 'node:util';
import { openDatabase, type Db } from '../app/lib/db/client';
import { redact } from '../app/lib/db/migrate';
import { resolveDatabase } from '../app/lib/db/url';
import { participantTexts } from '../app/lib/session/participant-texts';
import { StudyConfigError, readStudyConfig, type StudyConfig } from '../app/lib/study/config';
import { StudyImportError, createStudy, type CreateStudyResult } from '../app/lib/study/create';
import { progress, type Progress } from './lib/progress';

const USAGE = `usage: npm run study:create -- --config study.json|study.yaml [--replace [--delete-responses]] [--dry-run]
  --config FILE        the study config (JSON or YAML; paths in it are relative to the file)
  --replace            delete an existing study with the same id first (in the same transaction)
  --delete-responses   let --replace delete a study that participants have already answered
  --dry-run            check the folders and process every image, but write nothing
The database is DATABASE_URL (a postgres:// URL or a SQLite file; default data/studies.db).`;

class UsageError extends Error {}
class DatabaseError extends Error {}

async function openTarget(): Promise<Db> {
  let where = 'the database';
  try {
    const target = resolveDatabase(process.env.DATABASE_URL);
    where = target.provider === 'postgresql' ? redact(target.url) : target.file!;
    return await openDatabase(target);
  } catch (e) {
    throw new DatabaseError(`cannot open ${where}: ${(e as Error).message.split('\n')[0]}`);
  }
}

function parse(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        config: { type: 'string', short: 'c' },
        replace: { type: 'boolean', default: false },
        'delete-responses': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values } = parsed;
  if (values.help) return { help: true as const };
  if (!values.config) throw new UsageError('--config is required');
  if (values['delete-responses'] && !values.replace) throw new UsageError('--delete-responses only makes sense with --replace');
  return {
    help: false as const,
    config: values.config,
    replace: values.replace!,
    deleteResponses: values['delete-responses']!,
    dryRun: values['dry-run']!,
  };
}

const PROTOCOL_NAMES: Record<string, string> = {
  '2afc': '2afc (Zhang et al.: real photo vs colorization, pick the fake; fooling rate)',
  'hype-time': 'hype-time (single photos, staircase-controlled exposure; score: perceptual threshold in ms)',
  'hype-infinity': 'hype-infinity (single photos, unlimited time; score: error rate)',
};

function kilobytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} kB`;
}

function printSummary(result: CreateStudyResult): void {
  const s = result.summary;
  const t = s.trialsPerSession;
  const verb = result.dryRun ? 'checked (dry run: nothing written)' : result.replaced ? 'replaced' : 'created';
  const single = s.protocol !== '2afc';
  console.log(`study "${s.studyId}" ${verb}: ${s.name}`);
  console.log(`  protocol:            ${PROTOCOL_NAMES[s.protocol] ?? s.protocol}`);
  console.log(`  images:              ${s.images} photos, ${s.assets} stored images (${kilobytes(s.assetBytes)})`);
  console.log(`  methods:             ${s.methods.join(', ')} (+ generated attention checks)`);
  console.log(
    single
      ? `  trials per session:  ${t.total} (${t.practice} tutorial, ${t.qualification} qualification, ${t.test} test, ${t.attention} attention checks)`
      : `  trials per session:  ${t.total} (${t.practice} practice, ${t.test} test, ${t.attention} attention checks)`,
  );
  console.log(`  balanced design:     ${s.sessionsForBalance} completed sessions judge every photo-method pair equally often`);
  console.log(`  participant URL:     <server>${s.participantPath}`);
  console.log(`  results:             <server>${s.resultsPath}`);
}

/** What participants will read, as Markdown, for a last check before the study is created. */
function printTexts(config: StudyConfig): void {
  const texts = participantTexts(config);
  const sections: [string, string | null][] = [
    ['title', texts.title],
    ['consent', texts.consent],
    ['about this study (researcher)', texts.researcher],
    ['device requirement (shown before consent)', texts.device],
    ['instructions', texts.instructions],
    ['debrief', texts.debrief],
    ['completion', texts.completion],
    ['after withdrawing', texts.withdrawn],
  ];
  console.log('\nwhat participants read:');
  for (const [name, text] of sections) {
    console.log(`\n--- ${name} ---`);
    console.log(text ?? '(none: add a researcher section to the config)');
  }
}

async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const config = readStudyConfig(args.config);
  let db: Db | undefined;
  let bar: Progress | undefined;
  let phase = '';
  let reported = 0;
  try {
    db = await openTarget();
    const result = await createStudy(db, config, {
      replace: args.replace,
      deleteResponses: args.deleteResponses,
      dryRun: args.dryRun,
      onProgress: (p) => {
        if (p.phase !== phase) {
          bar?.done();
          phase = p.phase;
          reported = 0;
          bar = progress(p.phase === 'images' ? 'importing images' : 'writing', p.total, { unit: p.phase === 'images' ? 'images' : 'rows' });
        }
        bar!.tick(p.done - reported, p.name);
        reported = p.done;
      },
    });
    bar?.done();
    for (const w of result.warnings) console.error(`warning: ${w}`);
    printSummary(result);
    if (result.dryRun) printTexts(config);
    return 0;
  } finally {
    await db?.$disconnect();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof DatabaseError) {
      console.error(`study:create: ${e.message}`);
      process.exit(2);
    }
    if (e instanceof UsageError) {
      console.error(`study:create: ${e.message}\n${USAGE}`);
      process.exit(2);
    }
    if (e instanceof StudyConfigError || e instanceof StudyImportError) {
      // One line per problem, each naming its file; no stack trace for a user's mistake.
      const lines = e instanceof StudyImportError ? e.problems : [e.message];
      console.error(`\nstudy:create: nothing was written:\n${lines.map((l) => `  ${l}`).join('\n')}`);
      process.exit(2);
    }
    console.error('study:create failed unexpectedly:', e);
    process.exit(1);
  },
);
