/** Plain-text reports of a simulation, for the simulate and load-test scripts. */
import type { LatencySummary, SimulationSummary } from './run';

const ms = (x: number) => `${x.toFixed(1)} ms`;

export function latencyLine(l: LatencySummary | null): string {
  return l ? `p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, p99 ${ms(l.p99)}, max ${ms(l.max)} (mean ${ms(l.mean)}, ${l.count} requests)` : 'no answers were sent';
}

export function summaryLines(s: SimulationSummary): string[] {
  const lines = [
    `participants:      ${s.participants} (${s.created} new sessions, ${s.resumed} resumed, ${s.careless} careless)`,
    `completed:         ${s.completed}`,
    `answers sent:      ${s.responsesSent} newly stored by the server (${s.latency?.count ?? 0} answer requests)`,
    `answers stored:    ${s.responsesStored} in the database for these sessions`,
    `answer latency:    ${latencyLine(s.latency)}`,
    `wall time:         ${s.wallSeconds.toFixed(1)} s`,
  ];
  if (s.failed) {
    lines.push(`failed:            ${s.failed} participants`);
    for (const e of s.errors.slice(0, 5)) lines.push(`  ${e}`);
    if (s.errors.length > 5) lines.push(`  … and ${s.errors.length - 5} more`);
  }
  return lines;
}
