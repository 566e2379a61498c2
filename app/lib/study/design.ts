/**
 * Counts that follow from a study's config and its number of photos: how many trials a
 * session holds, how many photos one session needs, and how many completed sessions a
 * fully balanced design takes.
 */
import { attentionTrialCount, type StudyConfig } from './config';
import { isSingleImageProtocol, type Assignment } from './vocabulary';

export interface SessionTrialCounts {
  /** Practice trials (2AFC) or tutorial trials (HYPE), with feedback. */
  practice: number;
  /** HYPE's qualification trials; 0 for 2AFC. */
  qualification: number;
  test: number;
  attention: number;
  /** practice + qualification + test + attention: also the number of distinct photos one session needs. */
  total: number;
}

export function sessionTrialCounts(config: Pick<StudyConfig, 'session'> & Partial<Pick<StudyConfig, 'protocol' | 'hype'>>): SessionTrialCounts {
  const practice = config.session.practiceTrials;
  const qualification = config.protocol && isSingleImageProtocol(config.protocol) ? (config.hype?.qualification.trials ?? 0) : 0;
  const test = config.session.testTrials;
  const attention = attentionTrialCount(config);
  return { practice, qualification, test, attention, total: practice + qualification + test + attention };
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * The fewest completed sessions after which every (photo, method) pair has been judged in
 * test trials equally often.
 * - one-method: each session shows `testTrials` of the `images` photos for its method, so a
 *   method needs lcm(images, testTrials) / testTrials sessions for its photos to come round
 *   evenly, and every method as many: methods * images / gcd(images, testTrials).
 * - mixed: each session covers `testTrials` of the images * methods pairs:
 *   lcm(images * methods, testTrials) / testTrials = images * methods / gcd(images * methods, testTrials).
 * @example balancedSessionCount('one-method', 24, 2, 8) // 6: 3 sessions per method cover 24 photos once
 */
export function balancedSessionCount(assignment: Assignment, images: number, methods: number, testTrials: number): number {
  if (images < 1 || methods < 1 || testTrials < 1) throw new Error('balancedSessionCount needs positive counts');
  if (assignment === 'one-method') return (methods * images) / gcd(images, testTrials);
  return (images * methods) / gcd(images * methods, testTrials);
}
