/**
 * The glue between a study and the statistics module: its trial rows analysed with the
 * study's own attention rule and recorded seed (so `npm run stats -- --study ID --seed S`
 * reproduces every figure), with the cases where there is nothing to analyse yet turned
 * into a sentence for the page instead of an error.
 */
import { analyseHypeStudy, analyseStudy, StatsInputError, type HypeAnalysis, type StudyAnalysis } from '../stats';
import type { TrialRow } from '../trials/trial-row';

export { CHANCE_FOOLING_RATE, ZHANG_FOOLING_RATE } from '../stats';

export type ResultsAnalysis = StudyAnalysis;
export type ResultsMethod = StudyAnalysis['methods'][number];
export type ResultsImage = StudyAnalysis['images'][number];
export type ResultsParticipant = StudyAnalysis['participants'][number];

export interface AnalyseOptions {
  /** attention accuracy below which a participant is excluded (the study config's attention.minAccuracy) */
  attentionThreshold: number;
  /** the methods under test, in display order (a method without trials still gets a line) */
  methods: readonly string[];
  /** seed of the bootstraps and permutation tests (the study's recorded seed) */
  seed: number;
  /** bootstrap resamples (default: the statistics module's, 10,000) */
  resamples?: number;
}

/** A study's analysis, or `{ empty }` saying in words why there is nothing to analyse yet. */
export function analyseRows(rows: readonly TrialRow[], options: AnalyseOptions): { analysis: ResultsAnalysis } | { empty: string } {
  if (rows.length === 0) return { empty: 'No answers yet: the figures appear here as soon as participants answer test trials.' };
  if (!rows.some((r) => r.kind === 'test')) return { empty: `No test trials answered yet (${rows.length} practice or attention answers so far).` };
  try {
    return {
      analysis: analyseStudy(rows, {
        seed: options.seed,
        resamples: options.resamples,
        attentionThreshold: options.attentionThreshold,
        methods: options.methods,
      }),
    };
  } catch (e) {
    // The statistics module explains bad input (everyone excluded, a method outside the
    // study) in a sentence; anything else is a bug to surface.
    if (e instanceof StatsInputError) return { empty: e.message.charAt(0).toUpperCase() + e.message.slice(1) + '.' };
    throw e;
  }
}

export interface AnalyseHypeOptions extends AnalyseOptions {
  /** the study's qualification pass mark (hype.qualification.minAccuracy) */
  qualificationThreshold: number | null;
}

/** A single-image (HYPE) study's analysis, or `{ empty }` saying why there is nothing to analyse yet. */
export function analyseHypeRows(rows: readonly TrialRow[], options: AnalyseHypeOptions): { analysis: HypeAnalysis } | { empty: string } {
  if (rows.length === 0) return { empty: 'No answers yet: the figures appear here as soon as participants answer test trials.' };
  if (!rows.some((r) => r.kind === 'test')) return { empty: `No test trials answered yet (${rows.length} tutorial, qualification or attention answers so far).` };
  try {
    return {
      analysis: analyseHypeStudy(rows, {
        seed: options.seed,
        resamples: options.resamples,
        attentionThreshold: options.attentionThreshold,
        qualificationThreshold: options.qualificationThreshold,
        methods: options.methods,
      }),
    };
  } catch (e) {
    if (e instanceof StatsInputError) return { empty: e.message.charAt(0).toUpperCase() + e.message.slice(1) + '.' };
    throw e;
  }
}
