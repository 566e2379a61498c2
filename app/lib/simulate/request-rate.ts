/**
 * A closed-loop burst of plain GETs (`concurrency` clients, `requests` in all), the
 * reference the answer path is compared with: the same server's cheapest route measures
 * what a request costs before our code runs.
 */
import { request } from './http';
import { summariseLatency, type LatencySummary } from './run';

export interface RequestRate {
  requests: number;
  errors: number;
  perSecond: number;
  latency: LatencySummary | null;
}

export async function measureRequests(url: string, requests: number, concurrency: number): Promise<RequestRate> {
  const latencies: number[] = [];
  let errors = 0;
  let started = 0;
  const t0 = performance.now();
  const client = async () => {
    while (started < requests) {
      started++;
      const t = performance.now();
      try {
        const res = await request(url);
        if (res.status !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, client));
  const seconds = (performance.now() - t0) / 1000;
  return { requests, errors, perSecond: requests / seconds, latency: summariseLatency(latencies) };
}
