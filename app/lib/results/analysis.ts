/**
 * The glue between a study and the statistics module: its trial rows analysed with the
 * study's own exclusion rules and recorded seed (so `npm run stats -- --study ID --seed S`
 * reproduces every figure), with the cases where there is nothing to analyse yet turned
 * into a sentence for the page instead of an error; when the rules excluded everyone, the
 * sentence comes with who was excluded and why.
 */
import { analyseHypeStudy, analyseStudy, participantExclusions, StatsInputError, type FastAnswerRule, type HypeAnalysis, type StudyAnalysis } from '../stats';
import type { TrialRow } from '../trials/trial-row';

export { CHANCE_FOOLING_RATE, ZHANG_FOOLING_RATE } from '../stats';

export type ResultsAnalysis = StudyAnalysis;
export type ResultsMethod = StudyAnalysis['methods'][number];
export type ResultsImage = StudyAnalysis['images'][number];
export type ResultsParticipant = StudyAnalysis['participants'][number];

export interface AnalyseOptions {
  /** attention accuracy below which a participant is excluded (the study config's attention.minAccuracy) */
  attentionThreshold: number;
  /** the study config's fast-answer rule (quality.minRtMs, quality.maxFastShare) */
  fastRule: FastAnswerRule | null;
  /** the methods under test, in display order (a method without trials still gets a line) */
  methods: readonly string[];
  /** seed of the bootstraps and permutation tests (the study's recorded seed) */
  seed: number;
  /** bootstrap resamples (default: the statistics module's, 10,000) */
  resamples?: number;
}

/** A participant the rules excluded, for a page that has no analysis to show them in. */
export interface ExcludedParticipant {
  participant: string;
  session: number;
  reason: string;
}

/** Nothing to analyse: why, in a sentence, and who was excluded (everyone, when that is why). */
export interface EmptyResults {
  empty: string;
  excluded: ExcludedParticipant[];
}

/** The participants the study's rules exclude, in session order. */
function excludedParticipants(rows: readonly TrialRow[], options: AnalyseOptions): ExcludedParticipant[] {
  const session = new Map(rows.map((r) => [r.participant, r.session]));
  return participantExclusions(rows, { attentionThreshold: options.attentionThreshold, fast: options.fastRule })
    .filter((q) => q.excluded)
    .map((q) => ({ participant: q.participant, session: session.get(q.participant)!, reason: q.reason ?? 'excluded' }))
    .sort((a, b) => a.session - b.session);
}

function emptyBecause(e: unknown, rows: readonly TrialRow[], options: AnalyseOptions): EmptyResults {
  // The statistics module explains bad input (everyone excluded, a method outside the
  // study) in a sentence; anything else is a bug to surface.
  if (!(e instanceof StatsInputError)) throw e;
  return { empty: e.message.charAt(0).toUpperCase() + e.message.slice(1) + '.', excluded: excludedParticipants(rows, options) };
}

/** A study's analysis, or `{ empty }` saying in words why there is nothing to analyse yet. */
export function analyseRows(rows: readonly TrialRow[], options: AnalyseOptions): { analysis: ResultsAnalysis } | EmptyResults {
  if (rows.length === 0) return { empty: 'No answers yet: the figures appear here as soon as participants answer test trials.', excluded: [] };
  if (!rows.some((r) => r.kind === 'test')) return { empty: `No test trials answered yet (${rows.length} practice or attention answers so far).`, excluded: [] };
  try {
    return {
      analysis: analyseStudy(rows, {
        seed: options.seed,
        resamples: options.resamples,
        attentionThreshold: options.attentionThreshold,
        fastRule: options.fastRule,
        methods: options.methods,
      }),
    };
  } catch (e) {
    return emptyBecause(e, rows, options);
  }
}

export interface AnalyseHypeOptions extends AnalyseOptions {
  /** the study's qualification pass mark (hype.qualification.minAccuracy) */
  qualificationThreshold: number | null;
}

/** A single-image (HYPE) study's analysis, or `{ empty }` saying why there is nothing to analyse yet. */
export function analyseHypeRows(rows: readonly TrialRow[], options: AnalyseHypeOptions): { analysis: HypeAnalysis } | EmptyResults {
  if (rows.length === 0) return { empty: 'No answers yet: the figures appear here as soon as participants answer test trials.', excluded: [] };
  if (!rows.some((r) => r.kind === 'test')) return { empty: `No test trials answered yet (${rows.length} tutorial, qualification or attention answers so far).`, excluded: [] };
  try {
    return {
      analysis: analyseHypeStudy(rows, {
        seed: options.seed,
        resamples: options.resamples,
        attentionThreshold: options.attentionThreshold,
        fastRule: options.fastRule,
        qualificationThreshold: options.qualificationThreshold,
        methods: options.methods,
      }),
    };
  } catch (e) {
    return emptyBecause(e, rows, options);
  }
}
