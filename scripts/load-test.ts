// `npx tsx scripts/load-test.ts --study ID [--participants 100] [--base-url http://127.0.0.1:3000] [--keep]`:
// N simulated participants (default 100) answer a study all at once, as fast as the server
// lets them, against a server running on this machine. Reports answers sent vs stored (the
// database count) and the latency of the answer POSTs (p50 / p95 / max). Loopback only, and
// bounded (at most 500 participants). The simulated participants are deleted afterwards
// unless --keep. Needs DATABASE_URL to be the server's database (default data/studies.db).
// Exit codes: 0 all answers stored, 1 answers lost or participants failed, 2 a usage problem.
import { randomInt } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Db } from '../app/lib/db/client';
import { DEFAULT_BEHAVIOUR } from '../app/lib/simulate/behaviour';
import { latencyLine } from '../app/lib/simulate/report';
import { runSimulation, simulatedId } from '../app/lib/simulate/run';
import { progress } from './lib/progress';
import { adminPasswordForSimulation, checkServer, openServerDatabase, UsageError } from './simulate';

const MAX_PARTICIPANTS = 500;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const USAGE = `usage: npx tsx scripts/load-test.ts --study ID [--participants N] [--base-url URL] [--skip-images] [--keep] [--seed N]
  --study ID          the study to load (it must be open)
  --participants N    simulated participants answering at once (default 100, at most ${MAX_PARTICIPANTS})
  --base-url URL      the running server, on this machine (default http://127.0.0.1:3000)
  --skip-images       do not download trial images (measures the answer path alone)
  --keep              keep the simulated participants in the study (default: delete them afterwards)
  --seed N            seed of the simulated behaviour (default: random)
The database is DATABASE_URL (the server's; default data/studies.db).`;

function parse(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        study: { type: 'string' },
        participants: { type: 'string' },
        'base-url': { type: 'string' },
        'skip-images': { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return null;
  if (!values.study) throw new UsageError('--study is required');
  const participants = values.participants === undefined ? 100 : Number(values.participants);
  if (!Number.isInteger(participants) || participants < 1 || participants > MAX_PARTICIPANTS) {
    throw new UsageError(`--participants must be a whole number from 1 to ${MAX_PARTICIPANTS}`);
  }
  let url: URL;
  try {
    url = new URL(values['base-url'] ?? 'http://127.0.0.1:3000');
  } catch {
    throw new UsageError(`--base-url is not a URL: "${values['base-url']}"`);
  }
  if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) {
    throw new UsageError(`the load test only runs against a server on this machine (http://127.0.0.1, localhost or [::1]), not ${url.origin}`);
  }
  const seed = values.seed === undefined ? randomInt(2 ** 31 - 1) : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) throw new UsageError('--seed must be a whole number from 0 to 2147483647');
  return { studyId: values.study, participants, baseUrl: url.origin, fetchImages: !values['skip-images'], keep: values.keep!, seed };
}

export async function main(argv: string[]): Promise<number> {
  let db: Db | null = null;
  try {
    const args = parse(argv);
    if (!args) {
      console.log(USAGE);
      return 0;
    }
    db = await openServerDatabase();
    await checkServer(args.baseUrl, args.studyId, db);
    console.log(`load test: ${args.participants} simulated participants answering study "${args.studyId}" at once on ${args.baseUrl}${args.fetchImages ? '' : ' (images skipped)'}`);
    const bar = progress('participants', args.participants, { unit: 'participants' });
    let answers = 0;
    const s = await runSimulation({
      baseUrl: args.baseUrl,
      studyId: args.studyId,
      participants: args.participants,
      concurrency: args.participants,
      seed: args.seed,
      behaviour: DEFAULT_BEHAVIOUR,
      db,
      adminPassword: adminPasswordForSimulation(),
      fetchImages: args.fetchImages,
      onAnswer: () => answers++,
      onParticipant: () => bar.tick(1, `${answers} answers`),
    });
    bar.done();
    const posted = s.latency?.count ?? 0;
    const lost = s.responsesSent - s.responsesStored;
    console.log(`sessions:        ${s.created} started, ${s.completed} completed, ${s.failed} failed`);
    console.log(`answers:         ${posted} sent, ${s.responsesStored} stored in the database (${s.responsesSent} confirmed by the server, ${lost > 0 ? `${lost} LOST` : 'none lost'})`);
    console.log(`answer latency:  ${latencyLine(s.latency)}`);
    console.log(`throughput:      ${(posted / s.wallSeconds).toFixed(0)} answers/s; all sessions done in ${s.wallSeconds.toFixed(1)} s`);
    for (const e of s.errors.slice(0, 5)) console.log(`error:           ${e}`);
    if (!args.keep) {
      const ids = Array.from({ length: args.participants }, (_, i) => simulatedId(args.seed, i));
      const removed = await db.participant.deleteMany({ where: { studyId: args.studyId, source: 'simulated', externalId: { in: ids } } });
      console.log(`cleanup:         removed the ${removed.count} simulated participants and their answers (--keep keeps them)`);
    }
    return s.failed === 0 && lost === 0 && s.responsesStored === posted ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`load-test: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    await db?.$disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
