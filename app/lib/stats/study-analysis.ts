/**
 * The result of `analyseStudy`: a plain, JSON-serialisable object holding every figure the
 * results page, the exports and the command line show. Rates are proportions in [0, 1]
 * (formatters print percentages). A figure that does not exist for the data (a method with no
 * trials, an undefined correlation) is null, never NaN.
 */
import type { Interval } from './interval';
import type { FastAnswerRule } from './fast-answers';
import type { ParticipantExclusion } from './participant-exclusions';
import type { TimeSummary } from './summarise-times';
import type { BootstrapSummary } from './bootstrap-summary';

export interface AnalysisMeta {
  /** package.json version of the suite that produced the figures */
  version: string;
  seed: number;
  /** bootstrap resamples per interval */
  resamples: number;
  /** permutations per comparison test */
  permutations: number;
  confidence: number;
  attentionThreshold: number;
  /** the fast-answer rule applied, if any (maxFastShare null: fast answers flagged, nobody excluded) */
  fastRule: FastAnswerRule | null;
  study: string;
  protocol: '2afc';
  /** the rates the exact binomial tests compare against */
  references: { chance: number; zhang: number };
}

export interface BinomialTestResult {
  /** the null-hypothesis rate */
  p0: number;
  /** exact two-sided binomial p-value (treats trials as independent) */
  pValue: number;
  /** two-sided p-value from the cluster bootstrap replicates (respects clustering) */
  bootstrapPValue: number;
}

export interface MethodSummary {
  method: string;
  /** test trials of kept participants */
  trials: number;
  participants: number;
  images: number;
  fooled: number;
  /** fooled / trials; null without trials */
  foolingRate: number | null;
  /** binomial standard error √(p(1-p)/n), which ignores clustering */
  binomialSe: number | null;
  wilson: Interval | null;
  clopperPearson: Interval | null;
  /** exact binomial tests against 50% (chance: indistinguishable from real) and Zhang's 32.3% */
  vsChance: BinomialTestResult | null;
  vsZhang: BinomialTestResult | null;
  /** two-stage bootstrap (participants, then their trials): se is comparable to Zhang's ± */
  clusterBootstrap: BootstrapSummary | null;
  /** pigeonhole bootstrap over participants and images */
  twoWayBootstrap: BootstrapSummary | null;
  /** intra-participant correlation (ANOVA estimator); null when undefined */
  icc: number | null;
  /** 1 + (n0 - 1) max(0, icc): variance inflation from clustering; null when icc is */
  designEffect: number | null;
  /** trials / designEffect: the number of independent trials the data is worth */
  effectiveTrials: number | null;
  responseTimes: TimeSummary;
  /** why figures are missing, when they are */
  note: string | null;
}

export interface Comparison {
  methodA: string;
  methodB: string;
  /** "between": no participant saw both (participants are permuted between methods);
   *  "within": some saw both (labels are permuted within participants) */
  design: 'between' | 'within';
  /** rate(A) - rate(B) */
  difference: number;
  /** bootstrap of the difference (independent per-method cluster bootstraps when between,
   *  joint participant resampling when within) */
  bootstrap: BootstrapSummary;
  /** permutation p-value, two-sided */
  pValue: number;
  /** Holm-adjusted across all comparisons of this analysis */
  pHolm: number;
  /** pHolm < 1 - confidence */
  significant: boolean;
}

export interface MethodCell {
  method: string;
  trials: number;
  fooled: number;
  foolingRate: number;
}

export interface ImageBreakdown {
  image: string;
  trials: number;
  fooled: number;
  foolingRate: number;
  byMethod: MethodCell[];
}

export interface ParticipantBreakdown extends ParticipantExclusion {
  session: number;
  /** methods of their test trials */
  methods: string[];
  testTrials: number;
  fooled: number;
  /** null without test trials */
  foolingRate: number | null;
  medianRtMs: number | null;
}

export interface StudyAnalysis {
  meta: AnalysisMeta;
  totals: {
    rows: number;
    practiceTrials: number;
    attentionTrials: number;
    /** test trials of every participant, kept or not */
    testTrials: number;
    /** test trials analysed (kept participants) */
    analysedTrials: number;
    participants: number;
    keptParticipants: number;
    excludedParticipants: number;
    /** of the excluded, how many each rule excluded (a participant may fail both) */
    excludedForAttention: number;
    excludedForFastAnswers: number;
    /** kept participants who saw no attention trial */
    participantsWithoutChecks: number;
    methods: number;
    images: number;
  };
  methods: MethodSummary[];
  comparisons: Comparison[];
  /** test trials of kept participants, by image */
  images: ImageBreakdown[];
  /** every participant, excluded ones too (with the reason) */
  participants: ParticipantBreakdown[];
  /** response times of analysed test trials */
  responseTimes: { all: TimeSummary; fooled: TimeSummary; notFooled: TimeSummary };
  /** pooled intra-participant correlation (per-method estimates weighted by participants), for planning */
  pooledIcc: number | null;
  /** things a reader of the figures must know (exclusions, missing methods, skipped comparisons) */
  notes: string[];
}
