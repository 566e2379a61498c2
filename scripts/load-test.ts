// `npx tsx scripts/load-test.ts --study ID [--participants 100] [--arrival-rate R] [--base-url http://127.0.0.1:3000] [--keep]`:
// N simulated participants (default 100) answer a study against a server running on this
// machine: all at once, as fast as the server lets them (closed model), or arriving at R per
// second and answering at a human pace (open model, --arrival-rate). Reports answers sent vs
// stored (the database count), errors, answers/s and the latency of the answer POSTs (p50 /
// p95 / p99 / max). Loopback only, and bounded. The simulated participants are deleted
// afterwards unless --keep. Needs DATABASE_URL to be the server's database (default data/studies.db).
// Exit codes: 0 all answers stored, 1 answers lost or participants failed, 2 a usage problem.
import { randomInt } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Db } from '../app/lib/db/client';
import { DEFAULT_BEHAVIOUR } from '../app/lib/simulate/behaviour';
import { latencyLine } from '../app/lib/simulate/report';
import { deleteSimulated, runSimulation, simulatedId } from '../app/lib/simulate/run';
import { processCpuSeconds } from './lib/process-cpu';
import { progress } from './lib/progress';
import { adminPasswordForSimulation, checkServer, openServerDatabase, UsageError } from './simulate';

const MAX_PARTICIPANTS = 500;
const MAX_ARRIVING = 5000;
const DEFAULT_PACE_MS = 2500;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const USAGE = `usage: npx tsx scripts/load-test.ts --study ID [--participants N] [--arrival-rate R [--pace-ms MS]] [--base-url URL] [--skip-images] [--keep] [--seed N]
  --study ID          the study to load (it must be open)
  --participants N    simulated participants (default 100; at most ${MAX_PARTICIPANTS} at once, ${MAX_ARRIVING} with --arrival-rate)
  --arrival-rate R    open model: participants arrive at R per second instead of all at once
  --pace-ms MS        each participant waits 0.5 to 1.5 times MS before each answer
                      (default ${DEFAULT_PACE_MS} with --arrival-rate, else 0: as fast as the server answers)
  --base-url URL      the running server, on this machine (default http://127.0.0.1:3000)
  --skip-images       do not download trial images (measures the answer path alone)
  --server-pid PID    also report the server's CPU time per answer (Linux; the pid of the process serving
                      base-url, counted with its child processes: npm start's workers)
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
        'arrival-rate': { type: 'string' },
        'pace-ms': { type: 'string' },
        'server-pid': { type: 'string' },
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
  const arrivalRate = values['arrival-rate'] === undefined ? undefined : Number(values['arrival-rate']);
  if (arrivalRate !== undefined && !(Number.isFinite(arrivalRate) && arrivalRate > 0 && arrivalRate <= 1000)) {
    throw new UsageError('--arrival-rate must be a number of participants per second, above 0 and at most 1000');
  }
  const paceMs = values['pace-ms'] === undefined ? (arrivalRate === undefined ? 0 : DEFAULT_PACE_MS) : Number(values['pace-ms']);
  if (!Number.isFinite(paceMs) || paceMs < 0 || paceMs > 60_000) throw new UsageError('--pace-ms must be a number of milliseconds from 0 to 60000');
  const max = arrivalRate === undefined ? MAX_PARTICIPANTS : MAX_ARRIVING;
  const participants = values.participants === undefined ? 100 : Number(values.participants);
  if (!Number.isInteger(participants) || participants < 1 || participants > max) {
    throw new UsageError(`--participants must be a whole number from 1 to ${max}${arrivalRate === undefined ? ` (up to ${MAX_ARRIVING} with --arrival-rate)` : ''}`);
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
  const serverPid = values['server-pid'] === undefined ? null : Number(values['server-pid']);
  if (serverPid !== null && (!Number.isInteger(serverPid) || serverPid < 1 || processCpuSeconds(serverPid) === null)) {
    throw new UsageError(`--server-pid: cannot read the CPU time of process "${values['server-pid']}" (Linux only)`);
  }
  return { studyId: values.study, participants, arrivalRate, paceMs, serverPid, baseUrl: url.origin, fetchImages: !values['skip-images'], keep: values.keep!, seed };
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
    const model = args.arrivalRate === undefined ? 'at once' : `arriving at ${args.arrivalRate} per second`;
    const pace = args.paceMs ? `, about ${args.paceMs} ms per answer` : ', as fast as the server answers';
    console.log(`load test: ${args.participants} simulated participants answering study "${args.studyId}" ${model}${pace}, on ${args.baseUrl}${args.fetchImages ? '' : ' (images skipped)'}`);
    const bar = progress('participants', args.participants, { unit: 'participants' });
    let answers = 0;
    const cpuBefore = args.serverPid === null ? null : processCpuSeconds(args.serverPid);
    const s = await runSimulation({
      baseUrl: args.baseUrl,
      studyId: args.studyId,
      participants: args.participants,
      concurrency: args.participants,
      arrivalRate: args.arrivalRate,
      paceMs: args.paceMs,
      seed: args.seed,
      behaviour: DEFAULT_BEHAVIOUR,
      db,
      adminPassword: adminPasswordForSimulation(),
      fetchImages: args.fetchImages,
      onAnswer: () => answers++,
      onParticipant: () => bar.tick(1, `${answers} answers`),
    });
    bar.done();
    const cpuAfter = args.serverPid === null ? null : processCpuSeconds(args.serverPid);
    const posted = s.latency?.count ?? 0;
    const lost = s.responsesSent - s.responsesStored;
    console.log(`sessions:        ${s.created} started, ${s.completed} completed, ${s.failed} failed`);
    console.log(`answers:         ${posted} sent, ${s.responsesStored} stored in the database (${s.responsesSent} confirmed by the server, ${lost > 0 ? `${lost} LOST` : 'none lost'})`);
    console.log(`answer latency:  ${latencyLine(s.latency)}`);
    console.log(`throughput:      ${(posted / s.wallSeconds).toFixed(0)} answers/s; all sessions done in ${s.wallSeconds.toFixed(1)} s`);
    if (cpuBefore !== null && cpuAfter !== null && posted > 0) {
      console.log(`server CPU:      ${(((cpuAfter - cpuBefore) * 1000) / posted).toFixed(2)} ms per answer (with its trial fetch and the session's other requests)`);
    }
    console.log(`errors:          ${s.failed === 0 ? 'none' : `${s.failed} participants stopped by an error`}`);
    for (const e of s.errors.slice(0, 5)) console.log(`error:           ${e}`);
    if (!args.keep) {
      const ids = Array.from({ length: args.participants }, (_, i) => simulatedId(args.seed, i));
      const removed = await deleteSimulated(db, args.studyId, ids);
      console.log(`cleanup:         removed the ${removed} simulated participants and their answers (--keep keeps them)`);
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
