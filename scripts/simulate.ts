// `npm run simulate -- --study ID --participants N [--base-url URL] [--fool zhang=0.3,coherent=0.35]
//   [--careless 0.1] [--seed N] [--concurrency K] [--threshold zhang=250]`: simulated participants
// take a running study server's participant path over HTTP (the same endpoints as the browser)
// and answer with the given fooling probabilities (single-image studies: and, under hype-time,
// a psychometric function of the exposure with the given thresholds). They read their sessions' plans from the server's
// database (DATABASE_URL, as for the server), which is also where the answers are counted.
// Exit codes: 0 done, 2 a problem the user can fix (bad option, unknown study, server down), 1 a bug.
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase, type Db } from '../app/lib/db/client';
import { projectRoot } from '../app/lib/db/migrations';
import { resolveDatabase } from '../app/lib/db/url';
import { BehaviourError, DEFAULT_BEHAVIOUR, parseFoolSpec, parseProbability, parseThresholdSpec, unreachableThreshold, type Behaviour } from '../app/lib/simulate/behaviour';
import { summaryLines } from '../app/lib/simulate/report';
import { forStudy, runSimulation } from '../app/lib/simulate/run';
import { progress } from './lib/progress';

const USAGE = `usage: npm run simulate -- --study ID --participants N [options]
  --study ID              the study to take part in
  --participants N        how many simulated participants (default 10)
  --base-url URL          the running server (default http://127.0.0.1:3000)
  --fool M=P,M=P          fooling probability per method (default ${DEFAULT_BEHAVIOUR.defaultFool} for methods not named)
  --careless P            share of participants answering at random (default 0)
  --attention-accuracy P  how often attentive participants catch an attention check (default ${DEFAULT_BEHAVIOUR.attentionAccuracy})
  --seed N                seed of the run; participants are sim-<seed>-<i>, so rerunning a seed resumes
                          its participants instead of adding new ones (default: a new random seed)
  --concurrency K         participants taking part at the same time (default 4)
  --skip-images           do not download the trial images (a lighter client)
Single-image (HYPE) studies, where with unlimited time a fake is called real with its --fool
probability and a real photo is called real with --real-accuracy:
  --real-accuracy P       how often a real photo is called real (default ${DEFAULT_BEHAVIOUR.realAccuracy})
  --threshold M=MS,...    hype-time: exposure (ms) at which each method's photos are judged right as
                          often as the staircase aims for (default ${DEFAULT_BEHAVIOUR.defaultThresholdMs} for methods not named)
  --slope B               steepness of the psychometric function (Weibull slope, default ${DEFAULT_BEHAVIOUR.slope})
The database is DATABASE_URL (a postgres:// URL or a SQLite file; default data/studies.db): the server's.`;

export class UsageError extends Error {}

/** Opens DATABASE_URL, turning failures into one line for the user. */
export async function openServerDatabase(): Promise<Db> {
  try {
    return await openDatabase(resolveDatabase(process.env.DATABASE_URL));
  } catch (e) {
    throw new UsageError(`cannot open the database (DATABASE_URL): ${(e as Error).message.split('\n')[0]}`);
  }
}

function positiveInt(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${name} must be a whole number from 1 to ${max}, got "${text}"`);
  return n;
}

export function parseSimulateArgs(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        study: { type: 'string' },
        participants: { type: 'string' },
        'base-url': { type: 'string' },
        fool: { type: 'string' },
        careless: { type: 'string' },
        'attention-accuracy': { type: 'string' },
        seed: { type: 'string' },
        concurrency: { type: 'string' },
        'skip-images': { type: 'boolean', default: false },
        'real-accuracy': { type: 'string' },
        threshold: { type: 'string' },
        slope: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return null;
  if (!values.study) throw new UsageError('--study is required');
  let baseUrl: URL;
  try {
    baseUrl = new URL(values['base-url'] ?? 'http://127.0.0.1:3000');
  } catch {
    throw new UsageError(`--base-url is not a URL: "${values['base-url']}"`);
  }
  if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') throw new UsageError('--base-url must be an http:// or https:// URL');
  const seed = values.seed === undefined ? randomInt(2 ** 31 - 1) : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) throw new UsageError(`--seed must be a whole number from 0 to ${2 ** 31 - 1}`);
  let behaviour: Behaviour;
  try {
    behaviour = {
      ...DEFAULT_BEHAVIOUR,
      fool: values.fool ? parseFoolSpec(values.fool) : {},
      careless: values.careless === undefined ? 0 : parseProbability('--careless', values.careless),
      attentionAccuracy:
        values['attention-accuracy'] === undefined ? DEFAULT_BEHAVIOUR.attentionAccuracy : parseProbability('--attention-accuracy', values['attention-accuracy']),
      realAccuracy: values['real-accuracy'] === undefined ? DEFAULT_BEHAVIOUR.realAccuracy : parseProbability('--real-accuracy', values['real-accuracy']),
      thresholdMs: values.threshold ? parseThresholdSpec(values.threshold) : {},
      slope: values.slope === undefined ? DEFAULT_BEHAVIOUR.slope : Number(values.slope),
    };
    if (!(behaviour.slope > 0 && behaviour.slope <= 50)) throw new BehaviourError(`--slope must be a number above 0 (at most 50), got "${values.slope}"`);
  } catch (e) {
    if (e instanceof BehaviourError) throw new UsageError(e.message);
    throw e;
  }
  return {
    studyId: values.study,
    participants: positiveInt('--participants', values.participants, 10, 100_000),
    concurrency: positiveInt('--concurrency', values.concurrency, 4, 1000),
    baseUrl: baseUrl.origin,
    seed,
    behaviour,
    fetchImages: !values['skip-images'],
  };
}

/** Checks the server answers and the study exists there, with a message the user can act on. */
/** Simulated participants are admitted only with the admin password, which the scripts read from the environment. */
/** ADMIN_PASSWORD, else the one `npm start` generated into data/admin-password. */
export function adminPasswordForSimulation(): string {
  const file = path.join(projectRoot, 'data', 'admin-password');
  const password = process.env.ADMIN_PASSWORD || (existsSync(file) ? readFileSync(file, 'utf8').trim() : '');
  if (!password) throw new UsageError('set ADMIN_PASSWORD to the server\'s admin password: the server admits simulated participants only with it');
  return password;
}

export async function checkServer(baseUrl: string, studyId: string, db: Db): Promise<void> {
  try {
    await fetch(baseUrl + '/', { method: 'HEAD' });
  } catch {
    throw new UsageError(`no server answers at ${baseUrl}: start it (npm start) or pass --base-url`);
  }
  const study = await db.study.findUnique({ where: { id: studyId }, include: { methods: { where: { kind: 'method' }, select: { name: true } } } });
  if (!study) throw new UsageError(`the database has no study "${studyId}" (DATABASE_URL must be the server's database)`);
}

export async function main(argv: string[]): Promise<number> {
  let db: Db | null = null;
  try {
    const args = parseSimulateArgs(argv);
    if (!args) {
      console.log(USAGE);
      return 0;
    }
    db = await openServerDatabase();
    await checkServer(args.baseUrl, args.studyId, db);
    const methods = (await db.method.findMany({ where: { studyId: args.studyId, kind: 'method' }, select: { name: true } })).map((m) => m.name);
    for (const [flag, named] of [['--fool', args.behaviour.fool], ['--threshold', args.behaviour.thresholdMs]] as const) {
      const unknown = Object.keys(named).filter((m) => !methods.includes(m));
      if (unknown.length) throw new UsageError(`${flag} names ${unknown.map((m) => `"${m}"`).join(', ')}, not a method of study "${args.studyId}" (methods: ${methods.join(', ')})`);
    }
    console.error(`simulating ${args.participants} participants on ${args.baseUrl}/s/${args.studyId} (seed ${args.seed}, ${args.concurrency} at a time)`);
    console.error(`fooling probabilities: ${methods.map((m) => `${m}=${args.behaviour.fool[m] ?? args.behaviour.defaultFool}`).join(', ')}; careless ${args.behaviour.careless}`);
    const behaviour = await forStudy(db, args.studyId, args.behaviour);
    const { protocol } = await db.study.findUniqueOrThrow({ where: { id: args.studyId }, select: { protocol: true } });
    if (protocol === 'hype-time') {
      console.error(`thresholds (ms, at ${(100 * behaviour.thresholdAccuracy).toFixed(1)}% correct): ${methods.map((m) => `${m}=${behaviour.thresholdMs[m] ?? behaviour.defaultThresholdMs}`).join(', ')}`);
      for (const m of methods) {
        const why = unreachableThreshold(behaviour, m);
        if (why) console.error(`warning: ${m}: ${why}; its staircases will run to the longest exposure (lower --fool or raise --real-accuracy)`);
      }
    } else if (Object.keys(args.behaviour.thresholdMs).length) {
      throw new UsageError(`--threshold applies to hype-time studies; study "${args.studyId}" uses ${protocol}`);
    }
    const bar = progress('participants', args.participants, { unit: 'participants' });
    let answers = 0;
    const summary = await runSimulation({
      ...args,
      db,
      adminPassword: adminPasswordForSimulation(),
      onAnswer: () => answers++,
      onParticipant: (r) => bar.tick(1, `${answers} answers${r.error ? `; last error: ${r.error.slice(0, 80)}` : ''}`),
    });
    bar.done();
    for (const line of summaryLines(summary)) console.log(line);
    console.log(`rerun with --seed ${args.seed} to replay (its participants resume their sessions)`);
    if (summary.failed === summary.participants) {
      console.error(`every participant failed; first error: ${summary.errors[0]}`);
      return 2;
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`simulate: ${e.message}`);
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
