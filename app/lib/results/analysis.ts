/**
 * The figures the results page shows, from a study's trial rows. The field names follow
 * the stats module's `StudyAnalysis` (app/lib/stats), of which this is the subset the page
 * needs, so that its full analysis can be passed where a `ResultsAnalysis` is expected.
 *
 * Until the stats module lands this computes the subset itself: binomial fooling rates
 * with Wilson score intervals, the attention rule, per-image and per-participant counts.
 */
import type { TrialRow } from '../trials/trial-row';
import { wilsonInterval, type Interval } from './wilson-interval';

/** Zhang et al. (2016), full method on ImageNet: 32.3% of test trials fooled. */
export const ZHANG_FOOLING_RATE = 0.323;
/** A colorization indistinguishable from the real photo fools in half the trials. */
export const CHANCE_FOOLING_RATE = 0.5;

export interface ResultsMethod {
  method: string;
  /** test trials of kept participants */
  trials: number;
  participants: number;
  images: number;
  fooled: number;
  /** fooled / trials; null without trials */
  foolingRate: number | null;
  wilson: Interval | null;
  /** figures only the full statistics module provides */
  clopperPearson?: Interval | null;
  clusterBootstrap?: (Interval & { se: number }) | null;
  vsChance?: { p0: number; pValue: number } | null;
  vsZhang?: { p0: number; pValue: number } | null;
  note: string | null;
}

export interface ResultsImage {
  image: string;
  trials: number;
  fooled: number;
  foolingRate: number;
  byMethod: { method: string; trials: number; fooled: number; foolingRate: number }[];
}

export interface ResultsParticipant {
  participant: string;
  session: number;
  methods: string[];
  testTrials: number;
  fooled: number;
  foolingRate: number | null;
  medianRtMs: number | null;
  attentionTrials: number;
  attentionCorrect: number;
  attentionAccuracy: number | null;
  excluded: boolean;
  reason: string | null;
}

export interface ResultsAnalysis {
  meta: { confidence: number; attentionThreshold: number; references: { chance: number; zhang: number } };
  totals: {
    testTrials: number;
    analysedTrials: number;
    participants: number;
    keptParticipants: number;
    excludedParticipants: number;
    participantsWithoutChecks: number;
  };
  methods: ResultsMethod[];
  images: ResultsImage[];
  participants: ResultsParticipant[];
  notes: string[];
}

export interface AnalyseOptions {
  /** attention accuracy below which a participant is excluded */
  attentionThreshold: number;
  /** the methods under test, in display order (a method without trials still gets a line) */
  methods: readonly string[];
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A study's analysis; `{ empty }` says in words why there is nothing to analyse yet. */
export function analyseRows(rows: readonly TrialRow[], options: AnalyseOptions): { analysis: ResultsAnalysis } | { empty: string } {
  if (rows.length === 0) return { empty: 'No answers yet: the figures appear here as soon as participants answer test trials.' };
  const allTest = rows.filter((r) => r.kind === 'test');
  if (allTest.length === 0) return { empty: `No test trials answered yet (${rows.length} practice or attention answers so far).` };

  const ids = [...new Set(rows.map((r) => r.participant))].sort(byName);
  const participants: ResultsParticipant[] = ids.map((participant) => {
    const own = rows.filter((r) => r.participant === participant);
    const checks = own.filter((r) => r.kind === 'attention');
    const correct = checks.filter((r) => r.correct).length;
    const accuracy = checks.length ? correct / checks.length : null;
    const excluded = accuracy !== null && accuracy < options.attentionThreshold;
    const test = own.filter((r) => r.kind === 'test');
    const fooled = test.filter((r) => r.fooled).length;
    return {
      participant,
      session: own[0].session,
      methods: [...new Set(test.map((r) => r.method))].sort(byName),
      testTrials: test.length,
      fooled,
      foolingRate: test.length ? fooled / test.length : null,
      medianRtMs: median(test.map((r) => r.rtMs)),
      attentionTrials: checks.length,
      attentionCorrect: correct,
      attentionAccuracy: accuracy,
      excluded,
      reason: excluded
        ? `attention checks ${correct}/${checks.length} correct, below the threshold ${options.attentionThreshold}`
        : checks.length === 0
          ? 'no attention trials (kept)'
          : null,
    };
  });
  const excluded = new Set(participants.filter((p) => p.excluded).map((p) => p.participant));
  const test = allTest.filter((r) => !excluded.has(r.participant));
  const withoutChecks = participants.filter((p) => !p.excluded && p.attentionTrials === 0).length;
  const kept = participants.length - excluded.size;
  if (test.length === 0) {
    return { empty: `All ${participants.length} participants with test trials were excluded by the attention rule (accuracy below ${options.attentionThreshold}).` };
  }

  const notes = [
    excluded.size
      ? `Analysed ${kept} of ${participants.length} participants: ${excluded.size} excluded for attention-check accuracy below ${options.attentionThreshold}.`
      : `Analysed all ${participants.length} participants: none was excluded by the attention rule (accuracy below ${options.attentionThreshold}).`,
  ];
  if (withoutChecks) notes.push(`${withoutChecks} kept participant(s) saw no attention trial and could not be checked.`);
  notes.push('Practice and attention trials are not counted in fooling rates.');

  const methods: ResultsMethod[] = options.methods.map((method) => {
    const own = test.filter((r) => r.method === method);
    if (own.length === 0) {
      return { method, trials: 0, participants: 0, images: 0, fooled: 0, foolingRate: null, wilson: null, note: 'no test trials' };
    }
    const fooled = own.filter((r) => r.fooled).length;
    return {
      method,
      trials: own.length,
      participants: new Set(own.map((r) => r.participant)).size,
      images: new Set(own.map((r) => r.image)).size,
      fooled,
      foolingRate: fooled / own.length,
      wilson: wilsonInterval(fooled, own.length),
      note: null,
    };
  });

  const images: ResultsImage[] = [...new Set(test.map((r) => r.image))].sort(byName).map((image) => {
    const own = test.filter((r) => r.image === image);
    const byMethod = options.methods
      .map((method) => {
        const cell = own.filter((r) => r.method === method);
        const fooled = cell.filter((r) => r.fooled).length;
        return { method, trials: cell.length, fooled, foolingRate: cell.length ? fooled / cell.length : 0 };
      })
      .filter((c) => c.trials > 0);
    const fooled = own.filter((r) => r.fooled).length;
    return { image, trials: own.length, fooled, foolingRate: fooled / own.length, byMethod };
  });

  return {
    analysis: {
      meta: { confidence: 0.95, attentionThreshold: options.attentionThreshold, references: { chance: CHANCE_FOOLING_RATE, zhang: ZHANG_FOOLING_RATE } },
      totals: {
        testTrials: allTest.length,
        analysedTrials: test.length,
        participants: participants.length,
        keptParticipants: kept,
        excludedParticipants: excluded.size,
        participantsWithoutChecks: withoutChecks,
      },
      methods,
      images,
      participants,
      notes,
    },
  };
}
