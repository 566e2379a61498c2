/**
 * A session's outcome for the recruitment platform: its status, whether it passed the
 * attention rule (the same rule as the analysis: app/lib/stats/attention-exclusions.ts), and
 * what to do with the submission: approve, reject, or nothing yet.
 */
export const SESSION_STATUSES = ['active', 'completed', 'screened-out', 'returned'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export type Decision = 'approve' | 'reject' | 'none';

export function sessionStatus(stage: string): SessionStatus {
  if (stage === 'complete') return 'completed';
  if (stage === 'screened-out' || stage === 'returned') return stage;
  return 'active';
}

/** Passes without attention trials (nothing to fail), else when the share correct reaches the threshold. */
export function passesAttention(correct: number, trials: number, threshold: number): boolean {
  return trials === 0 || correct / trials >= threshold;
}

/**
 * The study's rule: a completed session is approved when it passed the attention checks and
 * rejected when it failed them; other sessions have no submission to decide on here (a
 * returned or screened-out participant is handled by the platform's own flow).
 */
export function decide(status: SessionStatus, attentionPassed: boolean): Decision {
  if (status !== 'completed') return 'none';
  return attentionPassed ? 'approve' : 'reject';
}
