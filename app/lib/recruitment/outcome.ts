/**
 * A session's outcome for the recruitment platform: its status, whether it passed the study's
 * rules (the attention rule and, when the study sets one, the fast-answer rule: the same
 * rules as the analysis, app/lib/stats/participant-exclusions.ts), and what to do with the
 * submission: approve, reject, or nothing here.
 */
export const SESSION_STATUSES = ['active', 'completed', 'screened-out', 'returned', 'withdrawn'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export type Decision = 'approve' | 'reject' | 'none';

export function sessionStatus(stage: string): SessionStatus {
  if (stage === 'complete') return 'completed';
  if (stage === 'screened-out' || stage === 'returned' || stage === 'withdrawn') return stage;
  return 'active';
}

/** Passes without attention trials (nothing to fail), else when the share correct reaches the threshold. */
export function passesAttention(correct: number, trials: number, threshold: number): boolean {
  return trials === 0 || correct / trials >= threshold;
}

/**
 * The study's rule: a completed session is approved when it passed the rules and rejected
 * when it failed one; other sessions have no submission to decide on here (a returned,
 * withdrawn or screened-out participant is handled by the platform's own flow: they return
 * the study, and their answers stay out of the analysis).
 */
export function decide(status: SessionStatus, passedRules: boolean): Decision {
  if (status !== 'completed') return 'none';
  return passedRules ? 'approve' : 'reject';
}
