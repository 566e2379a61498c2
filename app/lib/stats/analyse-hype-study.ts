/**
 * The analysis of a single-image study (HYPE: Zhou et al. 2019, "HYPE: A Benchmark for Human
 * eYe Perceptual Evaluation of Generative Models", NeurIPS) from its trial rows.
 *
 * - HYPE_infinity (§3.2): "the rate at which people mistake fake images and real images"
 *   given unlimited time: a method's errors over its real and fake test trials together; 50%
 *   means people tell its colorizations from real photos no better than chance, more than 50%
 *   would be "hyper-realism". The paper reports fake and real errors beside it (its Table 2);
 *   so does this analysis. Intervals: participant bootstrap (two-stage) and the pigeonhole
 *   bootstrap over participants and images.
 * - HYPE_time (§3.1, Fig. 3): each participant's perceptual threshold is the modal exposure of
 *   their staircase ("the modal exposure measures their perceptual threshold"); a method's
 *   score is the mean of its participants' thresholds (§4 reports e.g. "a mean of 439.3ms").
 *   Which trials the mode counts is defined in app/lib/hype/staircase.ts. A staircase counts
 *   when its participant is kept and it has at least minStaircaseTrials trials (a shorter
 *   one has barely left its start level). Intervals: participant bootstrap of the mean, and
 *   a two-way bootstrap over participants and images (threshold-bootstrap.ts). The error
 *   rates are given for hype-time too, as a description: they mix exposures.
 *
 * Participants: excluded by the attention and fast-answer rules as in 2AFC (attention checks here are
 * random-colour fakes shown alone: "correct" = called fake). Participants who have
 * qualification trials but no test trial stopped at the qualification (they failed it, or
 * left); their rows are counted in the totals and listed, never in scores.
 *
 * Reproducible: every random stream is seeded from `seed` and what it serves.
 */
import { deriveSeed, seededRandom } from '../random';
import type { TrialRow } from '../trials/trial-row';
import { DEFAULT_ATTENTION_THRESHOLD } from './attention-exclusions';
import type { FastAnswerRule } from './fast-answers';
import { exclusionSummary, participantExclusions } from './participant-exclusions';
import { binomialTest } from './binomial-test';
import { bootstrapPValue } from './bootstrap-p-value';
import { bootstrapSummary } from './bootstrap-summary';
import { compareText } from './compare-text';
import { errorRate } from './error-rate';
import { exposureAccuracy } from './exposure-accuracy';
import { imageBreakdown } from './image-breakdown';
import type { HypeAnalysis, HypeComparison, HypeMethodSummary, HypeParticipant, HypeProtocol, StaircaseRecord, ThresholdScore } from './hype-analysis';
import { staircaseRecords } from './staircase-records';
import { StatsInputError } from './stats-input-error';
import { summariseTimes } from './summarise-times';
import { thresholdParticipantBootstrap, thresholdTwoWayBootstrap } from './threshold-bootstrap';
import type { CrossedTrials } from './two-way-bootstrap';
import { twoWayBootstrap } from './two-way-bootstrap';
import { SUITE_VERSION } from './version';

export const HYPE_CHANCE = 0.5;
export const DEFAULT_MIN_STAIRCASE_TRIALS = 10;
const DEFAULT_RESAMPLES = 10_000;
const MIN_PARTICIPANTS = 10;

export interface HypeAnalysisOptions {
  seed?: number;
  resamples?: number;
  confidence?: number;
  attentionThreshold?: number;
  /** the fast-answer rule (fast-answers.ts); default none */
  fastRule?: FastAnswerRule | null;
  /** the study's qualification pass mark (hype.qualification.minAccuracy); labels who failed */
  qualificationThreshold?: number | null;
  /** hype-time: shortest staircase (test trials) that counts in a score (default 10) */
  minStaircaseTrials?: number;
  /** methods to report, in this order (default: those of the test trials, by name) */
  methods?: readonly string[];
  onProgress?: (done: number, total: number, step: string) => void;
}

/** Test trials of one method as the pigeonhole bootstrap's arrays, "fooled" standing for "answered wrongly". */
function crossedErrors(rows: readonly TrialRow[]): CrossedTrials {
  const participants = [...new Set(rows.map((r) => r.participant))].sort(compareText);
  const images = [...new Set(rows.map((r) => r.image))].sort(compareText);
  const pIndex = new Map(participants.map((p, i) => [p, i]));
  const iIndex = new Map(images.map((m, i) => [m, i]));
  const sorted = [...rows].sort((a, b) => pIndex.get(a.participant)! - pIndex.get(b.participant)! || a.trialIndex - b.trialIndex);
  const start = new Int32Array(participants.length + 1);
  for (const r of sorted) start[pIndex.get(r.participant)! + 1]++;
  for (let p = 0; p < participants.length; p++) start[p + 1] += start[p];
  return { start, image: Int32Array.from(sorted, (r) => iIndex.get(r.image)!), fooled: Uint8Array.from(sorted, (r) => (r.correct ? 0 : 1)), images: images.length };
}

function check(name: string, ok: boolean, value: unknown): void {
  if (!ok) throw new StatsInputError(`${name}, got ${value}`);
}

export function analyseHypeStudy(rows: readonly TrialRow[], options: HypeAnalysisOptions = {}): HypeAnalysis {
  const seed = options.seed ?? 1;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const confidence = options.confidence ?? 0.95;
  const attentionThreshold = options.attentionThreshold ?? DEFAULT_ATTENTION_THRESHOLD;
  const qualificationThreshold = options.qualificationThreshold ?? null;
  const minStaircaseTrials = options.minStaircaseTrials ?? DEFAULT_MIN_STAIRCASE_TRIALS;
  check('the seed must be an integer', Number.isInteger(seed), seed);
  check('the number of resamples must be an integer >= 2', Number.isInteger(resamples) && resamples >= 2, resamples);
  check('the confidence level must be between 0 and 1', confidence > 0 && confidence < 1, confidence);
  check('the attention threshold must be between 0 and 1', attentionThreshold >= 0 && attentionThreshold <= 1, attentionThreshold);
  check('the qualification threshold must be between 0 and 1', qualificationThreshold === null || (qualificationThreshold >= 0 && qualificationThreshold <= 1), qualificationThreshold);
  check('the shortest counted staircase must be a whole number >= 1', Number.isInteger(minStaircaseTrials) && minStaircaseTrials >= 1, minStaircaseTrials);

  if (rows.length === 0) throw new StatsInputError('no trials to analyse: there are no answered trials (yet)');
  const studies = [...new Set(rows.map((r) => r.study))].sort(compareText);
  if (studies.length > 1) throw new StatsInputError(`the trials come from ${studies.length} studies (${studies.join(', ')}); analyse one study at a time`);
  const protocols = [...new Set(rows.map((r) => r.protocol))];
  if (protocols.length !== 1 || (protocols[0] !== 'hype-time' && protocols[0] !== 'hype-infinity')) {
    throw new StatsInputError(`this analysis covers the single-image protocols (hype-time, hype-infinity); the trials use ${protocols.join(', ')}`);
  }
  const protocol = protocols[0] as HypeProtocol;
  const timed = protocol === 'hype-time';
  const notes: string[] = [];

  const fastRule = options.fastRule ?? null;
  const rules = { attentionThreshold, fast: fastRule };
  const quality = participantExclusions(rows, rules);
  const excluded = new Set(quality.filter((q) => q.excluded).map((q) => q.participant));
  const allTest = rows.filter((r) => r.kind === 'test');
  if (allTest.length === 0) throw new StatsInputError(`no test trials to analyse (the ${rows.length} answered trials are tutorial, qualification or attention trials)`);
  const test = allTest.filter((r) => !excluded.has(r.participant));
  if (test.length === 0) throw new StatsInputError(`no test trials from kept participants: every participant with test trials was excluded ${exclusionSummary(quality, rules).rules}`);
  const withTest = new Set(allTest.map((r) => r.participant));
  const stopped = new Set(rows.filter((r) => r.kind === 'qualification' && !withTest.has(r.participant)).map((r) => r.participant));
  // Kept participants are those whose test trials are analysed: the charts count the same people.
  const kept = new Set(test.map((r) => r.participant)).size;
  const notYet = quality.filter((q) => !q.excluded && !withTest.has(q.participant) && !stopped.has(q.participant)).length;
  const withoutChecks = quality.filter((q) => !q.excluded && q.attentionTrials === 0 && withTest.has(q.participant)).length;
  notes.push(exclusionSummary(quality, rules).note(kept));
  if (notYet) notes.push(`${notYet} participant(s) answered no test trial yet (tutorial or attention checks only): not counted.`);
  if (stopped.size) {
    notes.push(
      `${stopped.size} participant(s) stopped at the qualification block (${qualificationThreshold === null ? 'failed it or left' : `pass mark ${qualificationThreshold}`}): their answers are kept and listed, never scored.`,
    );
  }
  if (withoutChecks) notes.push(`${withoutChecks} kept participant(s) saw no attention trial and could not be checked.`);
  notes.push('Tutorial, qualification and attention trials are not counted in scores.');

  const byMethod = new Map<string, TrialRow[]>();
  for (const r of test) byMethod.set(r.method, [...(byMethod.get(r.method) ?? []), r]);
  const methodNames = options.methods ? [...options.methods] : [...byMethod.keys()].sort(compareText);
  if (new Set(methodNames).size !== methodNames.length) throw new StatsInputError('the list of methods names a method twice');
  const unlisted = [...byMethod.keys()].filter((m) => !methodNames.includes(m)).sort(compareText);
  if (unlisted.length) throw new StatsInputError(`test trials of method(s) not in the method list: ${unlisted.join(', ')}`);

  // Staircases (hype-time): every participant x method, with whether it counts.
  const staircases: StaircaseRecord[] = timed
    ? staircaseRecords(allTest).map((s) => {
        const reason = excluded.has(s.participant)
          ? 'participant excluded by the attention rule'
          : s.points.length < minStaircaseTrials
            ? `only ${s.points.length} test trial(s), fewer than ${minStaircaseTrials}`
            : null;
        return { ...s, counted: reason === null, reason };
      })
    : [];
  if (timed) {
    const short = staircases.filter((s) => !excluded.has(s.participant) && !s.counted).length;
    if (short) notes.push(`${short} staircase(s) of kept participants are shorter than ${minStaircaseTrials} test trials and left out of the thresholds.`);
    const unconverged = staircases.filter((s) => s.counted && !s.converged).length;
    if (unconverged) notes.push(`${unconverged} counted staircase(s) never reversed: their threshold is the level they ran to (often a bound), counted over all their trials.`);
  }

  const withTrials = methodNames.filter((m) => byMethod.has(m)).length;
  const steps = withTrials * (timed ? 2 : 1);
  let done = 0;
  const step = (what: string) => options.onProgress?.(++done, steps, what);

  const replicates = new Map<string, { threshold: Float64Array | null; error: Float64Array | null }>();
  const methods: HypeMethodSummary[] = methodNames.map((method) => {
    const mine = byMethod.get(method) ?? [];
    const stream = (name: string) => seededRandom(deriveSeed(seed, name, method));
    const participants = new Set(mine.map((r) => r.participant)).size;
    const images = [...new Set(mine.map((r) => r.image))].sort(compareText);
    const error = errorRate(mine, resamples, confidence, stream('error-bootstrap'));
    const fakeError = errorRate(mine.filter((r) => r.showsReal === false), resamples, confidence, stream('fake-error-bootstrap'));
    const realError = errorRate(mine.filter((r) => r.showsReal === true), resamples, confidence, stream('real-error-bootstrap'));
    const twoWay = mine.length ? twoWayBootstrap(crossedErrors(mine), resamples, stream('error-two-way')) : null;
    if (mine.length) step(`error rates: ${method}`);
    let threshold: ThresholdScore | null = null;
    let thresholdReplicates: Float64Array | null = null;
    if (timed) {
      const counted = staircases.filter((s) => s.method === method && s.counted && s.thresholdMs !== null);
      if (counted.length) {
        const values = Float64Array.from(counted, (s) => s.thresholdMs!);
        const mean = values.reduce((s, x) => s + x, 0) / values.length;
        const sd = values.length > 1 ? Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (values.length - 1)) : null;
        thresholdReplicates = thresholdParticipantBootstrap(values, resamples, stream('threshold-bootstrap'));
        const imageIndex = new Map(images.map((m, i) => [m, i]));
        const twoWayThreshold = thresholdTwoWayBootstrap(
          counted.map((s) => {
            const shown = s.points.slice(s.countedFrom);
            return { levels: shown.map((p) => p.exposureMs), images: shown.map((p) => imageIndex.get(p.image)!) };
          }),
          images.length,
          resamples,
          stream('threshold-two-way'),
        );
        threshold = {
          meanMs: mean,
          sdMs: sd,
          participants: counted.length,
          converged: counted.filter((s) => s.converged).length,
          participantBootstrap: bootstrapSummary(thresholdReplicates, confidence),
          twoWayBootstrap: bootstrapSummary(twoWayThreshold, confidence),
        };
      }
      if (mine.length) step(`thresholds: ${method}`);
    }
    replicates.set(method, { threshold: thresholdReplicates, error: error.replicates });
    const noteParts: string[] = [];
    if (!mine.length) noteParts.push(`no test trials${excluded.size ? ' from kept participants' : ''}`);
    else if (participants < MIN_PARTICIPANTS) noteParts.push(`only ${participants} participant(s): bootstrap intervals are unreliable with fewer than ${MIN_PARTICIPANTS}`);
    if (timed && mine.length && threshold === null) noteParts.push('no staircase long enough to count');
    const strip = ({ replicates: _r, ...rest }: typeof error) => rest;
    return {
      method,
      participants,
      images: images.length,
      error: {
        ...strip(error),
        twoWayBootstrap: twoWay ? bootstrapSummary(twoWay, confidence) : null,
        pVsChance: error.rate === null ? null : binomialTest(error.errors, error.trials, HYPE_CHANCE),
        bootstrapPVsChance: error.replicates ? bootstrapPValue(error.replicates, HYPE_CHANCE) : null,
      },
      fakeError: strip(fakeError),
      realError: strip(realError),
      threshold,
      responseTimes: summariseTimes(mine.map((r) => r.rtMs)),
      note: noteParts.length ? noteParts.join('; ') : null,
    };
  });

  // Pairwise differences: the score of the protocol, from independent participant bootstraps.
  const comparisons: HypeComparison[] = [];
  const statistic = timed ? 'thresholdMs' : 'errorRate';
  const scored = methods.filter((m) => (timed ? m.threshold !== null : m.error.rate !== null));
  for (let i = 0; i < scored.length; i++) {
    for (let j = i + 1; j < scored.length; j++) {
      const a = scored[i];
      const b = scored[j];
      const ra = timed ? replicates.get(a.method)!.threshold! : replicates.get(a.method)!.error!;
      const rb = timed ? replicates.get(b.method)!.threshold! : replicates.get(b.method)!.error!;
      const diff = ra.map((x, k) => x - rb[k]);
      comparisons.push({
        methodA: a.method,
        methodB: b.method,
        statistic,
        difference: timed ? a.threshold!.meanMs - b.threshold!.meanMs : a.error.rate! - b.error.rate!,
        bootstrap: bootstrapSummary(diff, confidence),
      });
    }
  }
  if (comparisons.length) notes.push('Method differences use independent participant bootstraps per method: exact when each participant saw one method, conservative when they saw several.');

  const participants: HypeParticipant[] = quality.map((q) => {
    const own = rows.filter((r) => r.participant === q.participant);
    const ownTest = own.filter((r) => r.kind === 'test');
    const tutorial = own.filter((r) => r.kind === 'tutorial');
    const qualification = own.filter((r) => r.kind === 'qualification');
    const qualificationCorrect = qualification.filter((r) => r.correct).length;
    const errors = ownTest.filter((r) => !r.correct).length;
    return {
      ...q,
      reason: stopped.has(q.participant) ? 'stopped at the qualification block: no test trials' : q.reason,
      session: own[0].session,
      methods: [...new Set(ownTest.map((r) => r.method))].sort(compareText),
      tutorialTrials: tutorial.length,
      tutorialCorrect: tutorial.filter((r) => r.correct).length,
      qualificationTrials: qualification.length,
      qualificationCorrect,
      passedQualification: qualification.length && qualificationThreshold !== null ? qualificationCorrect >= qualificationThreshold * qualification.length - 1e-9 : null,
      testTrials: ownTest.length,
      errors,
      errorRate: ownTest.length ? errors / ownTest.length : null,
      thresholds: staircases.filter((s) => s.participant === q.participant).map((s) => ({ method: s.method, thresholdMs: s.thresholdMs, converged: s.converged })),
      medianRtMs: summariseTimes(ownTest.map((r) => r.rtMs)).median,
    };
  });

  const timedRows = rows.filter((r) => r.exposureMs !== null);
  return {
    meta: { version: SUITE_VERSION, seed, resamples, confidence, attentionThreshold, fastRule, qualificationThreshold, minStaircaseTrials, study: studies[0], protocol, references: { chance: HYPE_CHANCE } },
    totals: {
      rows: rows.length,
      tutorialTrials: rows.filter((r) => r.kind === 'tutorial').length,
      qualificationTrials: rows.filter((r) => r.kind === 'qualification').length,
      attentionTrials: rows.filter((r) => r.kind === 'attention').length,
      testTrials: allTest.length,
      analysedTrials: test.length,
      participants: quality.length,
      keptParticipants: kept,
      excludedParticipants: excluded.size,
      excludedForAttention: quality.filter((q) => q.excludedBy.includes('attention')).length,
      excludedForFastAnswers: quality.filter((q) => q.excludedBy.includes('fast')).length,
      stoppedAtQualification: stopped.size,
      participantsWithoutChecks: withoutChecks,
      methods: methods.length,
      images: new Set(test.map((r) => r.image)).size,
    },
    methods,
    comparisons,
    images: imageBreakdown(
      test.filter((r) => r.showsReal === false),
      methodNames,
    ),
    staircases,
    participants,
    exposure: timedRows.length ? exposureAccuracy(timedRows) : null,
    responseTimes: {
      all: summariseTimes(test.map((r) => r.rtMs)),
      correct: summariseTimes(test.filter((r) => r.correct).map((r) => r.rtMs)),
      errors: summariseTimes(test.filter((r) => !r.correct).map((r) => r.rtMs)),
    },
    notes,
  };
}
