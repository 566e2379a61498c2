/**
 * A real Next.js production server for integration and end-to-end tests.
 * The app is built once into .next-test (rebuilt only when a source file is newer than
 * the build; a lock folder keeps parallel test files from building at once), then each
 * test file starts its own `next start` on a free port with its own database.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { projectRoot } from '../../app/lib/db/migrations';

export const TEST_DIST_DIR = '.next-test';
const distPath = path.join(projectRoot, TEST_DIST_DIR);
const lockPath = path.join(projectRoot, `${TEST_DIST_DIR}.lock`);
const nextBin = path.join(projectRoot, 'node_modules', 'next', 'dist', 'bin', 'next');

function newestSourceTime(): number {
  let newest = 0;
  const visit = (p: string) => {
    const s = statSync(p);
    if (s.isDirectory()) {
      if (p.endsWith(`${path.sep}generated`)) return;
      for (const entry of readdirSync(p)) visit(path.join(p, entry));
    } else {
      newest = Math.max(newest, s.mtimeMs);
    }
  };
  visit(path.join(projectRoot, 'app'));
  for (const f of ['next.config.js', 'package-lock.json', 'tsconfig.json']) newest = Math.max(newest, statSync(path.join(projectRoot, f)).mtimeMs);
  return newest;
}

function buildIsFresh(): boolean {
  const id = path.join(distPath, 'BUILD_ID');
  return existsSync(id) && statSync(id).mtimeMs > newestSourceTime();
}

async function withLock<T>(fn: () => T): Promise<T> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockPath);
      break;
    } catch {
      // A lock older than 10 minutes belongs to a crashed run.
      if (existsSync(lockPath) && Date.now() - statSync(lockPath).mtimeMs > 10 * 60_000) rmSync(lockPath, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockPath}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lockPath, { recursive: true, force: true });
  }
}

/** Builds the app into .next-test unless an up-to-date build is there. */
export async function buildApp(): Promise<void> {
  if (buildIsFresh()) return;
  await withLock(() => {
    if (buildIsFresh()) return;
    const r = spawnSync(process.execPath, [nextBin, 'build'], {
      cwd: projectRoot,
      env: { ...process.env, NEXT_DIST_DIR: TEST_DIST_DIR, NEXT_TELEMETRY_DISABLED: '1' },
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      // A failed build can leave a BUILD_ID behind; never let it pass for a fresh one.
      rmSync(distPath, { recursive: true, force: true });
      throw new Error(`next build failed:\n${r.stdout}\n${r.stderr}`);
    }
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface TestServer {
  url: string;
  stop: () => Promise<void>;
  /** Everything the server printed, for failure messages. */
  output: () => string;
}

/** Starts `next start` on a free port with the given environment (DATABASE_URL, ADMIN_PASSWORD, …). */
export async function startServer(env: Record<string, string>): Promise<TestServer> {
  await buildApp();
  const port = await freePort();
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: projectRoot,
    env: { ...process.env, NEXT_DIST_DIR: TEST_DIST_DIR, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(url + '/');
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`next start did not answer within 60 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    output: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
