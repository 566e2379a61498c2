/**
 * Many simulated participants against a running server, `concurrency` at a time, and what
 * came of it: sessions, answers sent and stored (counted in the database), errors, and the
 * latency of the answer POSTs. Used by `npm run simulate`, scripts/load-test.ts and tests.
 */
import { quantileSorted } from 'simple-statistics';
import type { Db } from '../db/client';
import { targetAccuracy } from '../hype/staircase';
import { deriveSeed } from '../random';
import { readStoredConfig } from '../results/stored-config';
import type { Behaviour } from './behaviour';
import { simulateParticipant, sleep, type ParticipantResult } from './participant';
import { databaseTruth } from './truth';

export interface SimulationOptions {
  baseUrl: string;
  studyId: string;
  participants: number;
  /** Closed model: this many participants at a time, each starting when one finishes. */
  concurrency: number;
  /**
   * Open model: participants arrive at this rate (per second, evenly spaced) whatever the
   * server's pace, and `concurrency` is ignored. Latency then includes any queueing.
   */
  arrivalRate?: number;
  /** Each participant waits about this long before each answer (ms; 0: answers at once). */
  paceMs?: number;
  seed: number;
  behaviour: Behaviour;
  /** The server's database: the simulated participants' knowledge, and the stored counts. */
  db: Db;
  /** The server's ADMIN_PASSWORD: simulated participants are admitted only with it. */
  adminPassword: string;
  fetchImages?: boolean;
  onAnswer?: () => void;
  onParticipant?: (result: ParticipantResult) => void;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface SimulationSummary {
  participants: number;
  created: number;
  resumed: number;
  completed: number;
  careless: number;
  failed: number;
  errors: string[];
  /** Answers the server confirmed as newly stored. */
  responsesSent: number;
  /** Answers in the database for the simulated participants' sessions. */
  responsesStored: number;
  latency: LatencySummary | null;
  wallSeconds: number;
  results: ParticipantResult[];
}

/** The simulated participant ids of a run: stable for a seed, so rerunning it resumes rather than adds. */
export const simulatedId = (seed: number, i: number) => `sim-${seed}-${i}`;

/**
 * The behaviour with its thresholds defined at the accuracy the study's staircase tracks
 * (hype-time), so that a simulated threshold of 300 ms is where the staircase should settle.
 */
export async function forStudy(db: Db, studyId: string, behaviour: Behaviour): Promise<Behaviour> {
  const study = await db.study.findUnique({ where: { id: studyId }, select: { config: true } });
  const config = study ? readStoredConfig(study.config) : null;
  if (config?.protocol !== 'hype-time') return behaviour;
  return { ...behaviour, thresholdAccuracy: targetAccuracy(config.hype.staircase.down) };
}

export function summariseLatency(ms: number[]): LatencySummary | null {
  if (ms.length === 0) return null;
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    max: sorted[sorted.length - 1],
    mean: sorted.reduce((s, x) => s + x, 0) / sorted.length,
  };
}

/** How many ids one query names at most (Prisma allows 999 parameters per SQLite query). */
export const ID_CHUNK = 500;

/** Deletes the simulated participants `externalIds` of `studyId` (their sessions and answers go with them); how many. */
export async function deleteSimulated(db: Db, studyId: string, externalIds: string[]): Promise<number> {
  let removed = 0;
  for (let i = 0; i < externalIds.length; i += ID_CHUNK) {
    removed += (await db.participant.deleteMany({ where: { studyId, source: 'simulated', externalId: { in: externalIds.slice(i, i + ID_CHUNK) } } })).count;
  }
  return removed;
}

export async function runSimulation(o: SimulationOptions): Promise<SimulationSummary> {
  if (!Number.isInteger(o.participants) || o.participants < 1) throw new Error('participants must be a whole number >= 1');
  if (!Number.isInteger(o.concurrency) || o.concurrency < 1) throw new Error('concurrency must be a whole number >= 1');
  const truth = databaseTruth(o.db);
  const behaviour = await forStudy(o.db, o.studyId, o.behaviour);
  const results: ParticipantResult[] = new Array(o.participants);
  let nextIndex = 0;
  const t0 = performance.now();
  const run = async (i: number) => {
    results[i] = await simulateParticipant({
      baseUrl: o.baseUrl,
      studyId: o.studyId,
      seed: deriveSeed(o.seed, 'participant', i),
      externalId: simulatedId(o.seed, i),
      behaviour,
      truth,
      adminPassword: o.adminPassword,
      fetchImages: o.fetchImages,
      paceMs: o.paceMs,
      onAnswer: o.onAnswer,
    });
    o.onParticipant?.(results[i]);
  };
  if (o.arrivalRate !== undefined) {
    if (!(o.arrivalRate > 0)) throw new Error('arrivalRate must be > 0');
    const arrivals: Promise<void>[] = [];
    for (let i = 0; i < o.participants; i++) {
      const due = t0 + (i * 1000) / o.arrivalRate - performance.now();
      if (due > 0) await sleep(due);
      arrivals.push(run(i));
    }
    await Promise.all(arrivals);
  } else {
    const worker = async () => {
      for (let i = nextIndex++; i < o.participants; i = nextIndex++) await run(i);
    };
    await Promise.all(Array.from({ length: Math.min(o.concurrency, o.participants) }, worker));
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  const tokens = results.map((r) => r.token).filter((t): t is string => t !== null);
  let responsesStored = 0;
  // In chunks: Prisma refuses more than 999 parameters in one SQLite query.
  for (let i = 0; i < tokens.length; i += ID_CHUNK) {
    responsesStored += await o.db.response.count({ where: { trial: { sessionId: { in: tokens.slice(i, i + ID_CHUNK) } } } });
  }
  const errors = results.filter((r) => r.error).map((r) => `${r.externalId}: ${r.error}`);
  return {
    participants: o.participants,
    created: results.filter((r) => r.created).length,
    resumed: results.filter((r) => r.token && !r.created).length,
    completed: results.filter((r) => r.finalStage === 'complete').length,
    careless: results.filter((r) => r.careless).length,
    failed: errors.length,
    errors,
    responsesSent: results.reduce((s, r) => s + r.responsesSent, 0),
    responsesStored,
    latency: summariseLatency(results.flatMap((r) => r.responseLatenciesMs)),
    wallSeconds,
    results,
  };
}
