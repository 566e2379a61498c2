/**
 * A real Next.js production server for integration and end-to-end tests: the app is built
 * once into .next-test (rebuilt only when a source is newer), then each test file starts
 * its own `next start` on a free port with its own database.
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

/** Starts `next start` on a free port with the given environment (DATABASE_URL, ADMIN_PASSWORD, …). */
export async function startServer(env: Record<string, string>): Promise<TestServer> {
  await buildApp();
  const app = await startApp({ distDir: TEST_DIST_DIR, port: await freePort(), env });
  return { url: app.url, pid: app.child.pid!, stop: app.stop, output: app.output };
}
