// `node --import tsx scripts/serve.ts --port 3000 [--host 127.0.0.1] [--workers N]`: the
// production server that `npm start`, the benchmarks and the tests run (through
// scripts/lib/next-app.ts's startApp). Next.js serves the app from the build in
// NEXT_DIST_DIR (default .next); the participant API's hot requests (answers, trials,
// images, session state, stage and withdrawal, health) are answered before it by
// app/lib/server/fast-path.ts, with the same endpoint code. Every request first passes the
// request hook (security headers, forwarded headers, malformed paths).
//
// --workers N (PostgreSQL only) runs N such processes behind the one port (node:cluster,
// app/lib/server/cluster.ts). FAST_PATH=0 hands every request to Next.js (to measure it).
// Prints "ready: <url>" once every process listens.
import { randomBytes } from 'node:crypto';
import cluster from 'node:cluster';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { getPrisma } from '../app/lib/db/client';
import { projectRoot } from '../app/lib/db/migrations';
import { applyMigrations } from '../app/lib/db/migrate';
import { resolveDatabase } from '../app/lib/db/url';
import { installRequestHook } from '../app/lib/security/request-hook';
import { answerDirectly } from '../app/lib/server/fast-path';
import { joinPeers, relayPeerEvents, workersRefusal } from '../app/lib/server/cluster';
import { NOISE_KEY_ENV } from '../app/lib/stimuli/served-stimulus';

const USAGE = 'usage: node --import tsx scripts/serve.ts --port 3000 [--host 127.0.0.1] [--workers N]';

function parse() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      host: { type: 'string', default: process.env.HOST ?? '127.0.0.1' },
      workers: { type: 'string', default: '1' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`);
  return { port, host: values.host!, workers: Number(values.workers) };
}

/** One whole server: Next.js behind the fast path, listening on host:port (shared with the other workers). */
async function serveOnce(port: number, host: string): Promise<http.Server> {
  Object.assign(process.env, { NODE_ENV: 'production' });
  installRequestHook();
  // Open (and migrate) the database before the first request, and share the client with Next.js's bundles (client.ts).
  await getPrisma();
  const { default: next } = await import('next');
  const app = next({ dev: false, dir: projectRoot, hostname: host, port, quiet: true });
  await app.prepare();
  const nextHandler = app.getRequestHandler();
  const fast = process.env.FAST_PATH !== '0';
  const server = http.createServer((req, res) => {
    if (fast && answerDirectly(req, res)) return;
    nextHandler(req, res).catch((e: unknown) => {
      console.error('next.js request handler:', e);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

async function primary(port: number, host: string, workers: number): Promise<void> {
  // Migrate once, before the workers open their pools.
  await applyMigrations(resolveDatabase(process.env.DATABASE_URL));
  // One stimulus noise key for all workers (served-stimulus.ts).
  const noiseKey = randomBytes(32).toString('hex');
  cluster.setupPrimary({ serialization: 'advanced' });
  relayPeerEvents();
  let stopping = false;
  const fork = () => cluster.fork({ [NOISE_KEY_ENV]: noiseKey });
  const listening = new Set<number>();
  cluster.on('listening', (worker) => {
    listening.add(worker.id);
    if (listening.size === workers) console.log(`ready: http://${displayHost(host)}:${port} (${workers} workers, primary pid ${process.pid})`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another`);
    fork();
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 5000).unref();
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  for (let i = 0; i < workers; i++) fork();
}

async function main(): Promise<void> {
  if (cluster.isWorker) {
    joinPeers();
    const { port, host } = parse();
    stopOnSignal(await serveOnce(port, host));
    return;
  }
  let args;
  try {
    args = parse();
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const refusal = workersRefusal(args.workers, resolveDatabase(process.env.DATABASE_URL).provider);
  if (refusal) {
    console.error(refusal);
    process.exit(2);
  }
  if (args.workers > 1) return primary(args.port, args.host, args.workers);
  const server = await serveOnce(args.port, args.host);
  console.log(`ready: http://${displayHost(args.host)}:${args.port} (pid ${process.pid})`);
  stopOnSignal(server);
}

const displayHost = (h: string) => (h === '0.0.0.0' ? '127.0.0.1' : h);

/** On SIGTERM or SIGINT: stop accepting, let the requests in progress finish (up to 3 s), close the database. */
function stopOnSignal(server: http.Server): void {
  const stop = () => {
    server.close();
    server.closeIdleConnections();
    void getPrisma()
      .then((db) => db.$disconnect())
      .finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: Error) => {
  console.error(`serve: ${e.stack ?? e.message}`);
  process.exit(1);
});
