/**
 * Trial rows of a simulated 2AFC study with known truth, for checking the analysis
 * (coverage, power) and for benchmarks: each participant's fooling probability is drawn
 * around the method's rate with a given intra-participant correlation (Beta, as in
 * planParticipants), optionally shifted per image on the logit scale, and every trial is a
 * Bernoulli draw from it. Attention trials are answered correctly with a per-participant
 * probability (attentive participants at `attentiveAccuracy`, a share `inattentive` at 0.5).
 */
import { deriveSeed, randomNormal, seededRandom, shuffled } from '../random';
import type { TrialRow } from '../trials/trial-row';
import { randomBeta } from './random-beta';

export interface SimulatedStudy {
  methods: readonly { name: string; rate: number }[];
  participantsPerMethod: number;
  trialsPerParticipant: number;
  /** intra-participant correlation of the fooling probability (0: every participant alike) */
  icc: number;
  /** photos to draw from; each participant sees distinct ones (default: trialsPerParticipant x 2) */
  images?: number;
  /** standard deviation of per-image effects on the logit scale (default 0) */
  imageSd?: number;
  /** "between": each participant tests one method; "within": each sees every method (default between) */
  design?: 'between' | 'within';
  attentionTrials?: number;
  practiceTrials?: number;
  attentiveAccuracy?: number;
  /** share of participants answering attention checks at random */
  inattentive?: number;
  seed: number;
}

const logit = (p: number) => Math.log(p / (1 - p));
const logistic = (x: number) => 1 / (1 + Math.exp(-x));

export function simulateStudyRows(s: SimulatedStudy): TrialRow[] {
  const random = seededRandom(deriveSeed(s.seed, 'simulated-study'));
  const imageCount = s.images ?? s.trialsPerParticipant * 2;
  const imageSd = s.imageSd ?? 0;
  const design = s.design ?? 'between';
  if (imageCount < s.trialsPerParticipant) throw new RangeError('a participant never sees a photo twice: need images >= trials per participant');
  const imageEffect = Array.from({ length: imageCount }, () => (imageSd > 0 ? imageSd * randomNormal(random) : 0));
  const imageName = (j: number) => `img${String(j).padStart(4, '0')}`;
  const participants = design === 'between' ? s.participantsPerMethod * s.methods.length : s.participantsPerMethod;
  const rows: TrialRow[] = [];
  const scale = s.icc > 0 ? 1 / s.icc - 1 : 0;
  const drawProbability = (rate: number) => (s.icc > 0 ? randomBeta(rate * scale, (1 - rate) * scale, random) : rate);
  for (let p = 0; p < participants; p++) {
    const participant = `p${String(p).padStart(5, '0')}`;
    const accuracy = random() < (s.inattentive ?? 0) ? 0.5 : (s.attentiveAccuracy ?? 0.95);
    // Test trials: one method (between) or the methods in turn (within), on distinct photos.
    const own = design === 'between' ? [s.methods[p % s.methods.length]] : s.methods;
    const probability = new Map(own.map((m) => [m.name, drawProbability(m.rate)]));
    const photos = shuffled(Array.from({ length: imageCount }, (_, j) => j), random);
    const plan: { kind: TrialRow['kind']; method: string; image: number }[] = [];
    for (let t = 0; t < (s.practiceTrials ?? 0); t++) plan.push({ kind: 'practice', method: own[0].name, image: photos[imageCount - 1 - (t % imageCount)] });
    for (let t = 0; t < s.trialsPerParticipant; t++) plan.push({ kind: 'test', method: own[t % own.length].name, image: photos[t] });
    for (let t = 0; t < (s.attentionTrials ?? 0); t++) plan.push({ kind: 'attention', method: 'random-colours', image: photos[(s.trialsPerParticipant + t) % imageCount] });
    plan.forEach((trial, index) => {
      const realSide = random() < 0.5 ? 'left' : 'right';
      let fooled: boolean;
      if (trial.kind === 'attention') fooled = random() >= accuracy;
      else {
        const base = probability.get(trial.method)!;
        const pij = imageSd > 0 ? logistic(logit(Math.min(Math.max(base, 1e-9), 1 - 1e-9)) + imageEffect[trial.image]) : base;
        fooled = random() < pij;
      }
      const otherSide = realSide === 'left' ? 'right' : 'left';
      rows.push({
        study: 'simulated',
        protocol: '2afc',
        participant,
        session: p,
        trialIndex: index,
        kind: trial.kind,
        method: trial.method,
        image: imageName(trial.image),
        realSide,
        showsReal: null,
        choice: fooled ? realSide : otherSide,
        correct: !fooled,
        fooled,
        rtMs: Math.round(600 + 400 * Math.exp(0.5 * randomNormal(random))),
        exposureMs: 1000,
        firstOnsetMs: null,
        firstOffsetMs: null,
        secondOnsetMs: null,
        secondOffsetMs: null,
        optionsOnsetMs: null,
        respondedAt: null,
        servedAt: null,
        source: null,
        focusLosses: null,
        fullscreenExits: null,
      });
    });
  }
  return rows;
}
