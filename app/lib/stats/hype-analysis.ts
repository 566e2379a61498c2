/**
 * The result of `analyseHypeStudy`: the figures of a single-image study (HYPE, Zhou et al.
 * 2019), plain and JSON-serialisable like StudyAnalysis. Rates are proportions in [0, 1],
 * times in ms; a figure that does not exist for the data is null, never NaN.
 */
import type { FastAnswerRule } from './fast-answers';
import type { ParticipantExclusion } from './participant-exclusions';
import type { BootstrapSummary } from './bootstrap-summary';
import type { ExposureAccuracy } from './exposure-accuracy';
import type { Interval } from './interval';
import type { ImageBreakdown } from './study-analysis';
import type { TimeSummary } from './summarise-times';

export type HypeProtocol = 'hype-time' | 'hype-infinity';

export interface HypeMeta {
  version: string;
  seed: number;
  resamples: number;
  confidence: number;
  attentionThreshold: number;
  /** the fast-answer rule applied, if any (maxFastShare null: fast answers flagged, nobody excluded) */
  fastRule: FastAnswerRule | null;
  /** The qualification block's pass mark, when known (it labels who failed it). */
  qualificationThreshold: number | null;
  /** hype-time: staircases shorter than this many test trials are left out of the thresholds. */
  minStaircaseTrials: number;
  study: string;
  protocol: HypeProtocol;
  /** 50%: an error rate at which fakes and real photos are told apart no better than chance. */
  references: { chance: number };
}

/** HYPE_time for one method: the mean over participants of their staircases' modal exposures. */
export interface ThresholdScore {
  /** mean of the participants' thresholds, ms */
  meanMs: number;
  /** their standard deviation (n - 1), ms; null with one participant */
  sdMs: number | null;
  /** participants whose staircase counted */
  participants: number;
  /** of those, staircases that reversed at least once */
  converged: number;
  /** bootstrap over participants: their thresholds resampled, the mean taken */
  participantBootstrap: BootstrapSummary | null;
  /** bootstrap over participants and images: each threshold retaken as the mode of its trials weighted by how often their image was drawn */
  twoWayBootstrap: BootstrapSummary | null;
}

/** Errors of one kind of trial (all, fakes only, real photos only). */
export interface ErrorRate {
  trials: number;
  errors: number;
  /** errors / trials; null without trials */
  rate: number | null;
  wilson: Interval | null;
  /** two-stage cluster bootstrap over participants, then their trials */
  participantBootstrap: BootstrapSummary | null;
}

export interface HypeMethodSummary {
  method: string;
  participants: number;
  images: number;
  /** HYPE_infinity's score: errors on real and fake trials together (50% = chance). Computed for hype-time too, as a description. */
  error: ErrorRate & {
    /** pigeonhole bootstrap over participants and images */
    twoWayBootstrap: BootstrapSummary | null;
    /** exact two-sided binomial test against 50% (trials as independent) */
    pVsChance: number | null;
    /** two-sided p-value from the participant bootstrap */
    bootstrapPVsChance: number | null;
  };
  /** fakes taken for real: the method's fooling rate in single images */
  fakeError: ErrorRate;
  /** real photos taken for fakes */
  realError: ErrorRate;
  /** hype-time only (null for hype-infinity) */
  threshold: ThresholdScore | null;
  responseTimes: TimeSummary;
  note: string | null;
}

export interface StaircasePoint {
  trialIndex: number;
  exposureMs: number;
  correct: boolean;
  showsReal: boolean;
  image: string;
  /** achieved exposure (offset - onset) when measured */
  achievedMs: number | null;
}

/** One participant's staircase for one method (hype-time), for the plots and the tables. */
export interface StaircaseRecord {
  participant: string;
  session: number;
  method: string;
  points: StaircasePoint[];
  /** trial positions (0-based, within points) after which the level turned */
  reversals: number[];
  /** first point counted for the threshold */
  countedFrom: number;
  thresholdMs: number | null;
  reversalMeanMs: number | null;
  converged: boolean;
  /** whether it counts in the method's score (kept participant, long enough) */
  counted: boolean;
  /** why it does not count, when it does not */
  reason: string | null;
}

export interface HypeParticipant extends ParticipantExclusion {
  session: number;
  methods: string[];
  tutorialTrials: number;
  tutorialCorrect: number;
  qualificationTrials: number;
  qualificationCorrect: number;
  /** null without qualification trials or without a known pass mark */
  passedQualification: boolean | null;
  testTrials: number;
  errors: number;
  errorRate: number | null;
  /** hype-time: threshold per method (ms), as in the staircase records */
  thresholds: { method: string; thresholdMs: number | null; converged: boolean }[];
  medianRtMs: number | null;
}

export interface HypeComparison {
  methodA: string;
  methodB: string;
  statistic: 'thresholdMs' | 'errorRate';
  /** A - B */
  difference: number;
  /** percentile interval and SE of the difference of independent participant bootstraps (conservative when participants saw both) */
  bootstrap: BootstrapSummary;
}

export interface HypeAnalysis {
  meta: HypeMeta;
  totals: {
    rows: number;
    tutorialTrials: number;
    qualificationTrials: number;
    attentionTrials: number;
    /** test trials of every participant, kept or not */
    testTrials: number;
    analysedTrials: number;
    participants: number;
    /** participants whose test trials are analysed */
    keptParticipants: number;
    excludedParticipants: number;
    /** of the excluded, how many each rule excluded (a participant may fail both) */
    excludedForAttention: number;
    excludedForFastAnswers: number;
    /** participants with qualification trials and no test trial (failed the qualification or stopped there) */
    stoppedAtQualification: number;
    participantsWithoutChecks: number;
    methods: number;
    images: number;
  };
  methods: HypeMethodSummary[];
  comparisons: HypeComparison[];
  /** fake test trials of kept participants, by photo: "fooled" = a fake taken for real (as for 2AFC) */
  images: ImageBreakdown[];
  /** hype-time: every participant x method staircase, kept or not (empty for hype-infinity) */
  staircases: StaircaseRecord[];
  participants: HypeParticipant[];
  /** requested vs achieved exposure over the timed trials (hype-time); null when nothing was timed */
  exposure: ExposureAccuracy | null;
  responseTimes: { all: TimeSummary; correct: TimeSummary; errors: TimeSummary };
  notes: string[];
}
