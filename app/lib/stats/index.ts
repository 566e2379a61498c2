// Study statistics: one function per file, re-exported here by theme.

// the analysis of a study, and its result
export { analyseStudy, CHANCE_FOOLING_RATE, ZHANG_FOOLING_RATE, DEFAULT_RESAMPLES, DEFAULT_SEED, type AnalysisOptions } from './analyse-study';
export type * from './study-analysis';
export { StatsInputError } from './stats-input-error';
export { analyseHypeStudy, HYPE_CHANCE, DEFAULT_MIN_STAIRCASE_TRIALS, type HypeAnalysisOptions } from './analyse-hype-study';
export type * from './hype-analysis';
export { SUITE_VERSION } from './version';

// one proportion: intervals and exact tests
export { wilsonInterval } from './wilson-interval';
export { clopperPearsonInterval } from './clopper-pearson-interval';
export { binomialTest } from './binomial-test';
export type { Interval } from './interval';

// clustered data: bootstrap, permutation tests, correlation
export { clusterBootstrap } from './cluster-bootstrap';
export { twoWayBootstrap, type CrossedTrials } from './two-way-bootstrap';
export { pairedClusterBootstrap } from './paired-cluster-bootstrap';
export { bootstrapSummary, type BootstrapSummary } from './bootstrap-summary';
export { bootstrapPValue } from './bootstrap-p-value';
export { participantPermutationTest } from './participant-permutation-test';
export { withinParticipantPermutationTest } from './within-participant-permutation-test';
export { rateDifference, type PairCounts } from './pair-counts';
export { compareMethods, type MethodCounts, type CompareOptions } from './compare-methods';
export { holmAdjust } from './holm-adjust';
export { intraclassCorrelation } from './intraclass-correlation';
export { designEffect } from './design-effect';

// single-image (HYPE) protocols: staircases, thresholds, error rates, display timing
export { staircaseRecords } from './staircase-records';
export { thresholdParticipantBootstrap, thresholdTwoWayBootstrap, type CountedStaircase } from './threshold-bootstrap';
export { errorRate } from './error-rate';
export { exposureAccuracy, type ExposureAccuracy, type ExposureLevel } from './exposure-accuracy';

// participants, images and response times
export { attentionExclusions, DEFAULT_ATTENTION_THRESHOLD, type ParticipantQuality } from './attention-exclusions';
export { fastAnswers, DEFAULT_MIN_RT_MS, type FastAnswerRule, type FastAnswerRecord } from './fast-answers';
export { participantExclusions, exclusionSummary, type ExclusionRules, type ParticipantExclusion } from './participant-exclusions';
export { imageBreakdown } from './image-breakdown';
export { participantBreakdown } from './participant-breakdown';
export { summariseTimes, type TimeSummary } from './summarise-times';

// planning a study
export { planParticipants, DEFAULT_ICC, DEFAULT_SIMULATIONS, type PlanOptions, type StudyPlan } from './plan-participants';
export { twoProportionSampleSize, type SampleSize, type SampleSizeInput } from './two-proportion-sample-size';
export { simulateStudyRows, type SimulatedStudy } from './simulate-study-rows';

// distributions and special functions
export { standardNormalCdf } from './standard-normal-cdf';
export { standardNormalQuantile } from './standard-normal-quantile';
export { regularizedIncompleteBeta } from './regularized-incomplete-beta';
export { inverseRegularizedIncompleteBeta } from './inverse-regularized-incomplete-beta';
export { binomialProbabilities } from './binomial-probabilities';
export { hypergeometricProbabilities } from './hypergeometric-probabilities';
export { lnChoose } from './ln-choose';
export { randomBinomial } from './random-binomial';
export { randomBeta } from './random-beta';
export { cdfTables, drawFromTable, type CdfTables } from './cdf-tables';
export { compareText } from './compare-text';

// output
export { formatMarkdown, type MarkdownOptions } from './format-markdown';
export { formatCsv, ANALYSIS_CSV_COLUMNS } from './format-csv';
export { formatJson } from './format-json';
export { formatHypeMarkdown } from './format-hype-markdown';
export { formatHypeCsv } from './format-hype-csv';
export { formatPlan } from './format-plan';
export { percent, percentInterval, pValue, points } from './format-figures';
