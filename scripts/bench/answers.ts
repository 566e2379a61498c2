// The answer path against the same server's trivial health route, measured in one run:
// 100 simulated participants answer as fast as the server lets them (closed model, images
// skipped: each answer is a trial fetch and an answer POST), and 100 clients GET
// /api/health. Prints answers/s vs health requests/s and the server's CPU time per answer
// vs per health request (the ratio is our overhead over what Next.js costs anyway).
//
// Uses the study BENCH_STUDY (default demo) in DATABASE_URL's database (default
// data/studies.db: run `npm start` once to create it). Starts its own production server on
// a free port, or uses BENCH_BASE_URL (with BENCH_SERVER_PID for the CPU figures).
import { randomBytes, randomInt } from 'node:crypto';
import type { Db } from '../../app/lib/db/client';
import { DEFAULT_BEHAVIOUR } from '../../app/lib/simulate/behaviour';
import { latencyLine } from '../../app/lib/simulate/report';
import { measureRequests } from '../../app/lib/simulate/request-rate';
import { runSimulation, simulatedId } from '../../app/lib/simulate/run';
import { freePort } from '../lib/free-port';
import { buildApp, startApp, type RunningApp } from '../lib/next-app';
import { processCpuSeconds } from '../lib/process-cpu';
import { adminPasswordForSimulation, openServerDatabase } from '../simulate';

const PARTICIPANTS = 100;
const HEALTH_REQUESTS = 3000;

/** Runs `fn` and returns its result with the server's CPU seconds spent meanwhile (null if unknown). */
async function withCpu<T>(pid: number | null, fn: () => Promise<T>): Promise<[T, number | null]> {
  const before = pid === null ? null : processCpuSeconds(pid);
  const value = await fn();
  const after = pid === null ? null : processCpuSeconds(pid);
  return [value, before === null || after === null ? null : after - before];
}

const perMs = (cpu: number | null, n: number) => (cpu === null ? null : (cpu * 1000) / n);
const fmt = (ms: number | null) => (ms === null ? 'n/a' : `${ms.toFixed(2)} ms`);

async function main(): Promise<number> {
  const studyId = process.env.BENCH_STUDY ?? 'demo';
  const db: Db = await openServerDatabase();
  let app: RunningApp | null = null;
  try {
    const study = await db.study.findUnique({ where: { id: studyId }, select: { status: true } });
    if (study?.status !== 'open') {
      console.log(`skipped: no open study "${studyId}" in the database (run \`npm start\` once to create the demo study, or set BENCH_STUDY)`);
      return 0;
    }
    let baseUrl = process.env.BENCH_BASE_URL;
    let pid = process.env.BENCH_SERVER_PID ? Number(process.env.BENCH_SERVER_PID) : null;
    // Simulated participants are admitted only with the admin credential.
    const adminPassword = baseUrl ? adminPasswordForSimulation() : randomBytes(18).toString('base64url');
    if (!baseUrl) {
      await buildApp('.next');
      const env: Record<string, string> = { ADMIN_PASSWORD: adminPassword, ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}) };
      app = await startApp({ port: await freePort(), env });
      baseUrl = app.url;
      pid = app.child.pid ?? null;
    }
    console.log(`server ${baseUrl}${pid === null ? ' (CPU figures need BENCH_SERVER_PID)' : `, pid ${pid}`}; study "${studyId}"`);
    // Warm both paths (route compilation on first use, caches) before measuring.
    await measureRequests(`${baseUrl}/api/health`, 200, 20);
    const seed = randomInt(2 ** 31 - 1);
    const simulate = (participants: number, s: number) =>
      runSimulation({ baseUrl: baseUrl!, studyId, participants, concurrency: participants, seed: s, behaviour: DEFAULT_BEHAVIOUR, db, fetchImages: false, adminPassword });
    await simulate(5, seed + 1);

    const [health, healthCpu] = await withCpu(pid, () => measureRequests(`${baseUrl}/api/health`, HEALTH_REQUESTS, PARTICIPANTS));
    const [answers, answersCpu] = await withCpu(pid, () => simulate(PARTICIPANTS, seed));
    const posted = answers.latency?.count ?? 0;
    const answersPerSecond = posted / answers.wallSeconds;
    const lost = answers.responsesSent - answers.responsesStored;
    const healthMs = perMs(healthCpu, HEALTH_REQUESTS);
    const answerMs = perMs(answersCpu, posted);

    console.log(`health route:  ${health.perSecond.toFixed(0)} requests/s, ${health.errors} errors; latency ${latencyLine(health.latency)}; server CPU ${fmt(healthMs)} per request`);
    console.log(`answer path:   ${answersPerSecond.toFixed(0)} answers/s, ${answers.failed} participants failed, ${lost > 0 ? `${lost} LOST` : 'none lost'}; latency ${latencyLine(answers.latency)}; server CPU ${fmt(answerMs)} per answer (with its trial fetch and the session's other requests)`);
    console.log(`ratio:         answers/s = ${(answersPerSecond / health.perSecond).toFixed(2)} x health requests/s${healthMs && answerMs ? `; CPU per answer = ${(answerMs / healthMs).toFixed(2)} x CPU per health request` : ''}`);

    const ids = [...Array.from({ length: PARTICIPANTS }, (_, i) => simulatedId(seed, i)), ...Array.from({ length: 5 }, (_, i) => simulatedId(seed + 1, i))];
    await db.participant.deleteMany({ where: { studyId, source: 'simulated', externalId: { in: ids } } });
    return answers.failed === 0 && lost === 0 && health.errors === 0 ? 0 : 1;
  } finally {
    await app?.stop();
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
