// `npm start [-- --port 3000] [--host 127.0.0.1] [--workers N] [--no-demo]`: the suite's main
// job on its embedded defaults. First run: migrates the database (SQLite at data/studies.db
// unless DATABASE_URL says otherwise), colorizes the bundled photos with the bundled models and
// creates the demo study, builds the app; then serves it (scripts/serve.ts: Next.js behind the
// participant API's fast path; --workers N processes on PostgreSQL) and prints where to go.
// Later runs reuse all of that and start in seconds.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { adminPasswordWeakness } from '../app/lib/auth/admin-password';
import { openDatabase } from '../app/lib/db/client';
import { projectRoot } from '../app/lib/db/migrations';
import { redact } from '../app/lib/db/migrate';
import { resolveDatabase } from '../app/lib/db/url';
import { workersRefusal } from '../app/lib/server/cluster';
import { DEMO_SETS, DEMO_STUDY_ID, ensureDemoStudy } from './demo/demo-study';
import { buildApp, startApp } from './lib/next-app';

const USAGE = 'usage: npm start [-- --port 3000] [--host 127.0.0.1] [--workers N (PostgreSQL)] [--no-demo]';

function adminPassword(): { password: string; source: string } {
  if (process.env.ADMIN_PASSWORD) return { password: process.env.ADMIN_PASSWORD, source: 'ADMIN_PASSWORD' };
  const file = path.join(projectRoot, 'data', 'admin-password');
  if (existsSync(file)) return { password: readFileSync(file, 'utf8').trim(), source: path.relative(projectRoot, file) };
  mkdirSync(path.dirname(file), { recursive: true });
  const password = randomBytes(12).toString('base64url');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return { password, source: `${path.relative(projectRoot, file)} (generated)` };
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string', default: process.env.PORT ?? '3000' },
        host: { type: 'string', default: process.env.HOST ?? '127.0.0.1' },
        workers: { type: 'string', default: '1' },
        'no-demo': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const port = Number(args.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`--port must be a port number (1-65535), got '${args.port}'`);
    return 2;
  }

  const weakness = process.env.ADMIN_PASSWORD ? adminPasswordWeakness(process.env.ADMIN_PASSWORD) : null;
  if (weakness) {
    console.error(`refusing to start: ${weakness}`);
    return 2;
  }

  const target = resolveDatabase(process.env.DATABASE_URL);
  const workers = Number(args.workers);
  const refusal = workersRefusal(workers, target.provider);
  if (refusal) {
    console.error(`refusing to start: ${refusal}`);
    return 2;
  }
  const where = target.provider === 'sqlite' ? (target.file!.startsWith(projectRoot + path.sep) ? path.relative(projectRoot, target.file!) : target.file!) : redact(target.url);
  console.error(`database: ${target.provider} ${where}`);
  const db = await openDatabase(target);
  try {
    if (!args['no-demo']) {
      for (const set of DEMO_SETS) {
        const created = await ensureDemoStudy(db, { set });
        if (created) console.error(`study ${set.id} created: ${created.summary.images} photos, methods ${created.summary.methods.join(', ')}`);
      }
    }
  } finally {
    await db.$disconnect();
  }

  const t0 = Date.now();
  const built = await buildApp('.next').then((did) => {
    if (did) console.error(`app built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return did;
  });
  if (!built) console.error('app: reusing the existing build');

  const { password, source } = adminPassword();
  const env: Record<string, string> = { ADMIN_PASSWORD: password };
  if (process.env.DATABASE_URL) env.DATABASE_URL = process.env.DATABASE_URL;
  const app = await startApp({ port, host: args.host, workers, env, inheritOutput: false });
  const base = `http://${args.host === '0.0.0.0' ? '127.0.0.1' : args.host}:${port}`;
  console.log(`
  Colorization Turing test is running${workers > 1 ? ` (${workers} server processes)` : ''}.

  Participant link:  ${base}/s/${DEMO_STUDY_ID}   (clothing photos; out of domain: ${base}/s/${DEMO_SETS[1].id})
  Researcher pages:  ${base}/admin   (results: ${base}/admin/studies/${DEMO_STUDY_ID}/results)
  Admin password:    ${password}   (from ${source})

  Simulated participants: npm run simulate -- --study ${DEMO_STUDY_ID} --participants 40 --base-url ${base}
  Stop with Ctrl-C.
`);
  const stop = () => void app.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return new Promise<number>((resolve) => {
    app.child.on('exit', (code) => {
      if (code) console.error(`the server stopped (exit code ${code}):\n${app.output().slice(-4000)}`);
      resolve(code ?? 0);
    });
  });
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`npm start: ${e.message}`);
    process.exit(1);
  },
);
