// Benchmark of the study analysis (analyseStudy) with 10,000 resamples on simulated studies of
// 100 and 1,000 participants per method x 40 test trials x 5 methods, against a straightforward
// reference implementation of the same resampling run on the same machine in the same process:
// the two-stage bootstrap by drawing every trial, the two-way bootstrap over the row objects,
// and the comparisons by full shuffles of participants and recounting their trials.
// The reference's cost is linear in the number of resamples; for the larger study it runs
// 1,000 resamples and its time is scaled by 10 (printed as such).
import os from 'node:os';
import { sampleStandardDeviation } from 'simple-statistics';
import { deriveSeed, seededRandom } from '../../app/lib/random';
import { analyseStudy, simulateStudyRows, type StudyAnalysis } from '../../app/lib/stats';
import type { TrialRow } from '../../app/lib/trials';

const RESAMPLES = 10_000;
const METHODS = [
  { name: 'zhang', rate: 0.32 },
  { name: 'zhang-norebal', rate: 0.25 },
  { name: 'regression', rate: 0.21 },
  { name: 'coherent', rate: 0.28 },
  { name: 'random', rate: 0.13 },
];

/** The literal resampling: per-trial draws on arrays of row objects, full shuffles. Returns the cluster SE per method. */
function referenceAnalysis(rows: readonly TrialRow[], resamples: number, seed: number): Map<string, number> {
  const test = rows.filter((r) => r.kind === 'test');
  const methods = [...new Set(test.map((r) => r.method))].sort();
  const byMethod = new Map(methods.map((m) => [m, test.filter((r) => r.method === m)]));
  const ses = new Map<string, number>();
  const participantsOf = (m: string) => {
    const groups = new Map<string, TrialRow[]>();
    for (const r of byMethod.get(m)!) groups.set(r.participant, [...(groups.get(r.participant) ?? []), r]);
    return [...groups.values()];
  };
  for (const m of methods) {
    const people = participantsOf(m);
    // Two-stage bootstrap: draw participants, then each of their trials.
    const random = seededRandom(deriveSeed(seed, 'reference-cluster', m));
    const reps: number[] = [];
    for (let b = 0; b < resamples; b++) {
      let num = 0;
      let den = 0;
      for (let j = 0; j < people.length; j++) {
        const trials = people[Math.floor(random() * people.length)];
        for (let t = 0; t < trials.length; t++) if (trials[Math.floor(random() * trials.length)].fooled) num++;
        den += trials.length;
      }
      reps.push(num / den);
    }
    ses.set(m, sampleStandardDeviation(reps));
    // Two-way bootstrap over the row objects, with weights kept in maps.
    const ids = people.map((p) => p[0].participant);
    const images = [...new Set(byMethod.get(m)!.map((r) => r.image))];
    const random2 = seededRandom(deriveSeed(seed, 'reference-two-way', m));
    for (let b = 0; b < resamples; b++) {
      const w = new Map<string, number>();
      const v = new Map<string, number>();
      for (let j = 0; j < ids.length; j++) {
        const id = ids[Math.floor(random2() * ids.length)];
        w.set(id, (w.get(id) ?? 0) + 1);
      }
      for (let j = 0; j < images.length; j++) {
        const im = images[Math.floor(random2() * images.length)];
        v.set(im, (v.get(im) ?? 0) + 1);
      }
      let num = 0;
      let den = 0;
      for (const r of byMethod.get(m)!) {
        const weight = (w.get(r.participant) ?? 0) * (v.get(r.image) ?? 0);
        den += weight;
        if (r.fooled) num += weight;
      }
      reps[b] = den > 0 ? num / den : 0;
    }
  }
  // Comparisons: permute whole participants between the two methods, recounting their trials.
  for (let i = 0; i < methods.length; i++) {
    for (let j = i + 1; j < methods.length; j++) {
      const a = participantsOf(methods[i]);
      const b = participantsOf(methods[j]);
      const all = [...a, ...b];
      const random = seededRandom(deriveSeed(seed, 'reference-permutation', methods[i], methods[j]));
      for (let p = 0; p < resamples; p++) {
        for (let k = all.length - 1; k > 0; k--) {
          const r = Math.floor(random() * (k + 1));
          [all[k], all[r]] = [all[r], all[k]];
        }
        let ka = 0, na = 0, kb = 0, nb = 0;
        all.forEach((trials, k) => {
          for (const t of trials) {
            if (k < a.length) {
              na++;
              if (t.fooled) ka++;
            } else {
              nb++;
              if (t.fooled) kb++;
            }
          }
        });
        if (ka / na - kb / nb > 2) throw new Error('unreachable'); // keeps the loop from being optimised away
      }
    }
  }
  return ses;
}

/** Wall-clock and CPU seconds of f (CPU time is steadier when other work shares the cores). */
function time<T>(f: () => T): { result: T; seconds: number; cpu: number } {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = f();
  const used = process.cpuUsage(cpu);
  return { result, seconds: (performance.now() - start) / 1000, cpu: (used.user + used.system) / 1e6 };
}

function row(cells: (string | number)[]): string {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(20) : String(c).padStart(16))).join('');
}

console.log(`analysis of a 2AFC study, ${RESAMPLES} resamples and ${RESAMPLES} permutations, ${METHODS.length} methods x 40 test trials per participant`);
console.log(`node ${process.version} on ${process.platform}/${process.arch}, ${os.cpus()[0]?.model ?? 'unknown CPU'}; one thread; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
console.log(row(['participants/method', 'ours wall (s)', 'ours CPU (s)', 'ref. CPU (s)', 'speed-up (CPU)', 'SE ratio']));
for (const participants of [100, 1000]) {
  const rows = simulateStudyRows({
    methods: METHODS,
    participantsPerMethod: participants,
    trialsPerParticipant: 40,
    icc: 0.065,
    images: 500,
    imageSd: 0.3,
    attentionTrials: 4,
    practiceTrials: 10,
    seed: 7,
  });
  // Time per kind of step, from the progress callback.
  const steps = new Map<string, number>();
  let last = performance.now();
  const ours = time(() =>
    analyseStudy(rows, {
      resamples: RESAMPLES,
      onProgress: (_d, _t, step) => {
        const now = performance.now();
        const kind = step.split(':')[0];
        steps.set(kind, (steps.get(kind) ?? 0) + (now - last) / 1000);
        last = now;
      },
    }),
  );
  const referenceResamples = participants > 100 ? RESAMPLES / 10 : RESAMPLES;
  const reference = time(() => referenceAnalysis(rows, referenceResamples, 7));
  const referenceCpu = reference.cpu * (RESAMPLES / referenceResamples);
  const analysis: StudyAnalysis = ours.result;
  // Agreement check: our cluster SE against the literal resampling's (both estimated; a few % apart).
  const ratios = analysis.methods.map((m) => m.clusterBootstrap!.se / reference.result.get(m.method)!);
  const worst = ratios.reduce((w, r) => (Math.abs(r - 1) > Math.abs(w - 1) ? r : w), 1);
  console.log(
    row([
      participants,
      ours.seconds.toFixed(2),
      ours.cpu.toFixed(2),
      `${referenceCpu.toFixed(1)}${referenceResamples < RESAMPLES ? '*' : ''}`,
      `${(referenceCpu / ours.cpu).toFixed(1)}x`,
      worst.toFixed(3),
    ]),
  );
  console.log(`    ours by step: ${[...steps].map(([k, s]) => `${k} ${s.toFixed(2)} s`).join(', ')}; ${rows.length} rows`);
}
console.log('* reference timed at 1,000 resamples and scaled x10 (its cost is linear in the resamples).');
console.log('CPU seconds are this process\'s own; wall-clock time also counts waiting for a core when the machine is shared.');
console.log('SE ratio: our two-stage bootstrap SE / the reference\'s, the method farthest from 1 (both Monte Carlo estimates).');
