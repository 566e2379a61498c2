/**
 * The analysis of a 2AFC study from its trial rows: per-method fooling rates with exact,
 * score and bootstrap uncertainty, tests against chance and against Zhang et al.'s 32.3%,
 * pairwise comparisons, exclusions, breakdowns and response times. One entry point for the
 * results page, the exports and `npm run stats`.
 *
 * Reproducible: every random stream is seeded from `seed` and the name of what it serves
 * (a method, a pair), and every list is sorted by name, so the same rows in any order with
 * the same options give the same object.
 */
import { deriveSeed, seededRandom } from '../random';
import type { TrialRow } from '../trials/trial-row';
import { DEFAULT_ATTENTION_THRESHOLD } from './attention-exclusions';
import { binomialTest } from './binomial-test';
import { bootstrapPValue } from './bootstrap-p-value';
import { bootstrapSummary } from './bootstrap-summary';
import { clopperPearsonInterval } from './clopper-pearson-interval';
import { clusterBootstrap } from './cluster-bootstrap';
import { compareText } from './compare-text';
import { compareMethods, type MethodCounts } from './compare-methods';
import { crossedTrials } from './crossed-trials';
import { designEffect } from './design-effect';
import { imageBreakdown } from './image-breakdown';
import { intraclassCorrelation } from './intraclass-correlation';
import { participantBreakdown } from './participant-breakdown';
import { exclusionSummary, participantExclusions } from './participant-exclusions';
import type { FastAnswerRule } from './fast-answers';
import { StatsInputError } from './stats-input-error';
import type { MethodSummary, StudyAnalysis } from './study-analysis';
import { summariseTimes } from './summarise-times';
import { twoWayBootstrap } from './two-way-bootstrap';
import { SUITE_VERSION } from './version';
import { wilsonInterval } from './wilson-interval';

/** Zhang et al. (2016), full method, ImageNet: the fooling rate to beat. */
export const ZHANG_FOOLING_RATE = 0.323;
export const CHANCE_FOOLING_RATE = 0.5;
export const DEFAULT_RESAMPLES = 10_000;
export const DEFAULT_SEED = 1;
/** Below this many participants a method's bootstrap intervals get a warning note. */
const MIN_PARTICIPANTS = 10;

export interface AnalysisOptions {
  /** seed of every resample and permutation (default 1) */
  seed?: number;
  /** bootstrap resamples per interval (default 10,000) */
  resamples?: number;
  /** permutations per comparison (default: resamples) */
  permutations?: number;
  /** confidence level of every interval, and 1 - the significance level of comparisons (default 0.95) */
  confidence?: number;
  /** attention accuracy below which a participant is excluded (default 0.75; see attention-exclusions.ts) */
  attentionThreshold?: number;
  /** the fast-answer rule (fast-answers.ts); default none (a trials file says nothing of the study's rule) */
  fastRule?: FastAnswerRule | null;
  /** methods to report, in this order; a listed method without trials is reported with a note.
   *  Default: the methods of the test trials, by name. */
  methods?: readonly string[];
  /** called after each bootstrap and comparison, for a progress bar */
  onProgress?: (done: number, total: number, step: string) => void;
}

interface ParticipantTrials {
  fooled: number;
  trials: number;
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 2) throw new StatsInputError(`${name} must be an integer >= 2, got ${value}`);
}

export function analyseStudy(rows: readonly TrialRow[], options: AnalysisOptions = {}): StudyAnalysis {
  const seed = options.seed ?? DEFAULT_SEED;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const permutations = options.permutations ?? resamples;
  const confidence = options.confidence ?? 0.95;
  const attentionThreshold = options.attentionThreshold ?? DEFAULT_ATTENTION_THRESHOLD;
  if (!Number.isInteger(seed)) throw new StatsInputError(`the seed must be an integer, got ${seed}`);
  checkCount('the number of resamples', resamples);
  checkCount('the number of permutations', permutations);
  if (!(confidence > 0 && confidence < 1)) throw new StatsInputError(`the confidence level must be between 0 and 1, got ${confidence}`);
  if (!(attentionThreshold >= 0 && attentionThreshold <= 1)) {
    throw new StatsInputError(`the attention threshold must be between 0 and 1, got ${attentionThreshold}`);
  }

  if (rows.length === 0) throw new StatsInputError('no trials to analyse: there are no answered trials (yet)');
  const studies = [...new Set(rows.map((r) => r.study))].sort(compareText);
  if (studies.length > 1) throw new StatsInputError(`the trials come from ${studies.length} studies (${studies.join(', ')}); analyse one study at a time`);
  const protocols = [...new Set(rows.map((r) => r.protocol))];
  if (protocols.length !== 1 || protocols[0] !== '2afc') {
    throw new StatsInputError(`this analysis covers the 2AFC protocol only; the trials use ${protocols.join(', ')}`);
  }
  const notes: string[] = [];

  // Participant quality and the kept set. Only participants who answered in the test block
  // take part in the analysis: one who stopped after the practice is neither kept nor excluded.
  const fastRule = options.fastRule ?? null;
  const everyone = participantExclusions(rows, { attentionThreshold, fast: fastRule });
  const quality = everyone.filter((q) => q.testBlockAnswers > 0);
  const practiceOnly = everyone.length - quality.length;
  const excluded = new Set(quality.filter((q) => q.excluded).map((q) => q.participant));
  const allTest = rows.filter((r) => r.kind === 'test');
  if (allTest.length === 0) throw new StatsInputError(`no test trials to analyse (the ${rows.length} answered trials are practice or attention checks)`);
  if (excluded.size === quality.length) {
    throw new StatsInputError(`all ${quality.length} participants were excluded ${exclusionSummary(quality, { attentionThreshold, fast: fastRule }).rules}; nothing is left to analyse (check the attention trials, or relax the rules)`);
  }
  const test = allTest.filter((r) => !excluded.has(r.participant));
  if (test.length === 0) throw new StatsInputError('no test trials from kept participants: every participant with test trials was excluded by the exclusion rules');
  const withoutChecks = quality.filter((q) => !q.excluded && q.attentionTrials === 0).length;
  // Kept participants are those whose test trials are analysed: the chart counts the same people.
  const kept = new Set(test.map((r) => r.participant)).size;
  const notYet = quality.length - excluded.size - kept;
  notes.push(exclusionSummary(quality, { attentionThreshold, fast: fastRule }).note(kept));
  if (notYet) notes.push(`${notYet} participant(s) answered attention checks but no test trial yet: not counted.`);
  if (practiceOnly) notes.push(`${practiceOnly} participant(s) answered practice trials only: not counted.`);
  if (withoutChecks) notes.push(`${withoutChecks} kept participant(s) saw no attention trial and could not be checked.`);
  notes.push('Practice and attention trials are not counted in fooling rates.');

  // Counts per method and participant.
  const byMethod = new Map<string, Map<string, ParticipantTrials>>();
  for (const r of test) {
    let m = byMethod.get(r.method);
    if (!m) byMethod.set(r.method, (m = new Map()));
    const p = m.get(r.participant) ?? { fooled: 0, trials: 0 };
    p.trials++;
    if (r.fooled) p.fooled++;
    m.set(r.participant, p);
  }
  const methodNames = options.methods ? [...options.methods] : [...byMethod.keys()].sort(compareText);
  if (new Set(methodNames).size !== methodNames.length) throw new StatsInputError('the list of methods names a method twice');
  const unlisted = [...byMethod.keys()].filter((m) => !methodNames.includes(m)).sort(compareText);
  if (unlisted.length) throw new StatsInputError(`test trials of method(s) not in the method list: ${unlisted.join(', ')}`);

  // Progress: two bootstraps per method with trials, then one step per comparison.
  const withTrials = methodNames.filter((m) => byMethod.has(m)).length;
  const steps = 2 * withTrials + (withTrials * (withTrials - 1)) / 2;
  let done = 0;
  const step = (what: string) => options.onProgress?.(++done, steps, what);

  const counts: MethodCounts[] = [];
  const methods: MethodSummary[] = methodNames.map((method) => {
    const byParticipant = byMethod.get(method);
    if (!byParticipant) {
      notes.push(`Method "${method}" has no test trials${excluded.size ? ' from kept participants' : ''}: no figures.`);
      return emptyMethod(method);
    }
    const methodRows = test.filter((r) => r.method === method);
    const ids = [...byParticipant.keys()].sort(compareText);
    const trials = Int32Array.from(ids, (id) => byParticipant.get(id)!.trials);
    const fooled = Int32Array.from(ids, (id) => byParticipant.get(id)!.fooled);
    const n = methodRows.length;
    const k = methodRows.filter((r) => r.fooled).length;
    const rate = k / n;
    const cluster = clusterBootstrap(trials, fooled, resamples, seededRandom(deriveSeed(seed, 'cluster-bootstrap', method)));
    counts.push({ method, foolingRate: rate, byParticipant, replicates: cluster });
    step(`cluster bootstrap: ${method}`);
    const imageNames = [...new Set(methodRows.map((r) => r.image))].sort(compareText);
    const twoWay = twoWayBootstrap(crossedTrials(methodRows, ids, imageNames), resamples, seededRandom(deriveSeed(seed, 'two-way-bootstrap', method)));
    step(`two-way bootstrap: ${method}`);
    const icc = intraclassCorrelation(trials, fooled);
    const effect = icc === null ? null : designEffect(trials, icc);
    return {
      method,
      trials: n,
      participants: ids.length,
      images: imageNames.length,
      fooled: k,
      foolingRate: rate,
      binomialSe: Math.sqrt((rate * (1 - rate)) / n),
      wilson: wilsonInterval(k, n, confidence),
      clopperPearson: clopperPearsonInterval(k, n, confidence),
      vsChance: { p0: CHANCE_FOOLING_RATE, pValue: binomialTest(k, n, CHANCE_FOOLING_RATE), bootstrapPValue: bootstrapPValue(cluster, CHANCE_FOOLING_RATE) },
      vsZhang: { p0: ZHANG_FOOLING_RATE, pValue: binomialTest(k, n, ZHANG_FOOLING_RATE), bootstrapPValue: bootstrapPValue(cluster, ZHANG_FOOLING_RATE) },
      clusterBootstrap: bootstrapSummary(cluster, confidence),
      twoWayBootstrap: bootstrapSummary(twoWay, confidence),
      icc,
      designEffect: effect,
      effectiveTrials: effect === null ? null : n / effect,
      responseTimes: summariseTimes(methodRows.map((r) => r.rtMs)),
      note: ids.length < MIN_PARTICIPANTS ? `only ${ids.length} participant(s): bootstrap intervals are unreliable with fewer than ${MIN_PARTICIPANTS}` : null,
    };
  });

  if (counts.length < methods.length && counts.length >= 2) notes.push('Methods without test trials are left out of the comparisons.');
  const comparisons = compareMethods(counts, { seed, resamples, permutations, confidence, onPair: (a, b) => step(`comparison: ${a} vs ${b}`) });

  const pooled = methods.filter((m) => m.icc !== null);
  const weight = pooled.reduce((s, m) => s + m.participants, 0);
  const pooledIcc = weight ? pooled.reduce((s, m) => s + m.icc! * m.participants, 0) / weight : null;

  return {
    meta: {
      version: SUITE_VERSION,
      seed,
      resamples,
      permutations,
      confidence,
      attentionThreshold,
      fastRule,
      study: studies[0],
      protocol: '2afc',
      references: { chance: CHANCE_FOOLING_RATE, zhang: ZHANG_FOOLING_RATE },
    },
    totals: {
      rows: rows.length,
      practiceTrials: rows.filter((r) => r.kind === 'practice').length,
      attentionTrials: rows.filter((r) => r.kind === 'attention').length,
      testTrials: allTest.length,
      analysedTrials: test.length,
      participants: quality.length,
      keptParticipants: kept,
      excludedParticipants: excluded.size,
      excludedForAttention: quality.filter((q) => q.excludedBy.includes('attention')).length,
      excludedForFastAnswers: quality.filter((q) => q.excludedBy.includes('fast')).length,
      participantsWithoutChecks: withoutChecks,
      methods: methods.length,
      images: new Set(test.map((r) => r.image)).size,
    },
    methods,
    comparisons,
    images: imageBreakdown(test, methodNames),
    participants: participantBreakdown(rows, quality),
    responseTimes: {
      all: summariseTimes(test.map((r) => r.rtMs)),
      fooled: summariseTimes(test.filter((r) => r.fooled).map((r) => r.rtMs)),
      notFooled: summariseTimes(test.filter((r) => !r.fooled).map((r) => r.rtMs)),
    },
    pooledIcc,
    notes,
  };
}

function emptyMethod(method: string): MethodSummary {
  return {
    method,
    trials: 0,
    participants: 0,
    images: 0,
    fooled: 0,
    foolingRate: null,
    binomialSe: null,
    wilson: null,
    clopperPearson: null,
    vsChance: null,
    vsZhang: null,
    clusterBootstrap: null,
    twoWayBootstrap: null,
    icc: null,
    designEffect: null,
    effectiveTrials: null,
    responseTimes: summariseTimes([]),
    note: 'no test trials',
  };
}
