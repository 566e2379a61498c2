/**
 * Building and starting the Next.js app from scripts (npm start) and tests: the server is
 * scripts/serve.ts (Next.js behind the participant API's fast path).
 * A build is reused while no source file is newer than it, so later `npm start`s start in
 * seconds; a lock folder keeps two processes from building into one folder at once.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../app/lib/db/migrations';

const nextBin = path.join(projectRoot, 'node_modules', 'next', 'dist', 'bin', 'next');
const serveScript = path.join(projectRoot, 'scripts', 'serve.ts');

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
  for (const f of ['next.config.js', 'instrumentation.ts', 'package-lock.json', 'tsconfig.json']) newest = Math.max(newest, statSync(path.join(projectRoot, f)).mtimeMs);
  return newest;
}

/** True when `distDir` holds a complete build newer than every source file. */
export function buildIsFresh(distDir: string): boolean {
  const id = path.join(projectRoot, distDir, 'BUILD_ID');
  return existsSync(id) && statSync(id).mtimeMs > newestSourceTime();
}

async function withLock<T>(lockPath: string, fn: () => T): Promise<T> {
  const stale = 10 * 60_000;
  const deadline = Date.now() + stale;
  for (;;) {
    try {
      mkdirSync(lockPath);
      break;
    } catch {
      // A lock older than 10 minutes belongs to a crashed run.
      if (existsSync(lockPath) && Date.now() - statSync(lockPath).mtimeMs > stale) rmSync(lockPath, { recursive: true, force: true });
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

/** Runs `next build` into `distDir` unless an up-to-date build is there. Returns whether it built. */
export async function buildApp(distDir = '.next'): Promise<boolean> {
  if (buildIsFresh(distDir)) return false;
  return withLock(path.join(projectRoot, `${distDir}.lock`), () => {
    if (buildIsFresh(distDir)) return false;
    const r = spawnSync(process.execPath, [nextBin, 'build'], {
      cwd: projectRoot,
      env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: '1' },
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      // A failed build can leave a BUILD_ID behind; never let it pass for a fresh one.
      rmSync(path.join(projectRoot, distDir), { recursive: true, force: true });
      throw new Error(`next build failed:\n${r.stdout}\n${r.stderr}`);
    }
    return true;
  });
}

export interface RunningApp {
  url: string;
  child: ChildProcess;
  stop: () => Promise<void>;
  /** Everything the server printed so far. */
  output: () => string;
}

/**
 * Starts scripts/serve.ts (`workers` processes behind the port; PostgreSQL only above 1) and
 * resolves once every process listens.
 */
export async function startApp(opts: {
  distDir?: string;
  port: number;
  host?: string;
  workers?: number;
  env?: Record<string, string>;
  inheritOutput?: boolean;
}): Promise<RunningApp> {
  const host = opts.host ?? '127.0.0.1';
  let log = '';
  const args = ['--import', 'tsx', serveScript, '--port', String(opts.port), '--host', host];
  if (opts.workers !== undefined) args.push('--workers', String(opts.workers));
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: 'production', NEXT_DIST_DIR: opts.distDir ?? '.next', NEXT_TELEMETRY_DISABLED: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let ready = false;
  const keep = (d: Buffer) => {
    log += d;
    if (/^ready: /m.test(log)) ready = true;
    if (opts.inheritOutput) process.stderr.write(d);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const probeHost = host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${probeHost}:${opts.port}`;
  const deadline = Date.now() + 90_000;
  while (!ready) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${log}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server was not ready within 90 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    output: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 8000).unref();
      }),
  };
}
