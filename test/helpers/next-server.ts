/**
 * A real production server for integration and end-to-end tests: the app is built once into
 * .next-test (rebuilt only when a source is newer), then each test file starts its own
 * server (scripts/serve.ts: Next.js behind the participant API's fast path, as `npm start`
 * runs it) on a free port with its own database.
 */
import { freePort } from '../../scripts/lib/free-port';
import { buildApp as buildInto, startApp } from '../../scripts/lib/next-app';

export const TEST_DIST_DIR = '.next-test';

export async function buildApp(): Promise<void> {
  await buildInto(TEST_DIST_DIR);
}

export { freePort };

export interface TestServer {
  url: string;
  /** The server process (for its CPU time). */
  pid: number;
  stop: () => Promise<void>;
  /** Everything the server printed, for failure messages. */
  output: () => string;
}

/**
 * Starts the server on a free port with the given environment (DATABASE_URL, ADMIN_PASSWORD,
 * FAST_PATH=0 for Next.js alone, …), as `workers` processes (PostgreSQL only above 1).
 */
export async function startServer(env: Record<string, string>, options: { workers?: number } = {}): Promise<TestServer> {
  await buildApp();
  const app = await startApp({ distDir: TEST_DIST_DIR, port: await freePort(), env, workers: options.workers });
  return { url: app.url, pid: app.child.pid!, stop: app.stop, output: app.output };
}
