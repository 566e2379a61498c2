/**
 * The files cut from the reconciliation rows: the full table (CSV, JSON), the ids to approve
 * or reject (one per line, as Prolific's and MTurk's bulk actions take them), and Prolific's
 * bulk-bonus file ("participant id,amount" per line, no header).
 */
import { encodeCell } from '../trials/csv';
import type { Decision } from './outcome';
import type { ReconciliationRow } from './reconciliation';

const COLUMNS: [string, (r: ReconciliationRow) => unknown][] = [
  ['session', (r) => r.session],
  ['participant', (r) => r.participant],
  ['source', (r) => r.source],
  ['recruitmentId', (r) => r.recruitmentId],
  ['submissionId', (r) => r.submissionId],
  ['method', (r) => r.method],
  ['status', (r) => r.status],
  ['stage', (r) => r.stage],
  ['attentionCorrect', (r) => r.attentionCorrect],
  ['attentionTrials', (r) => r.attentionTrials],
  ['attentionPassed', (r) => r.attentionPassed],
  ['fastAnswers', (r) => r.fastAnswers],
  ['fastRulePassed', (r) => r.fastRulePassed],
  ['testAnswered', (r) => r.testAnswered],
  ['testTotal', (r) => r.testTotal],
  ['startedAt', (r) => r.startedAt],
  ['completedAt', (r) => r.completedAt],
  ['durationS', (r) => r.durationS],
  ['medianRtMs', (r) => r.medianRtMs],
  ['trialsWithFocusLoss', (r) => r.trialsWithFocusLoss],
  ['fullscreenExits', (r) => r.fullscreenExits],
  ['withdrawnAt', (r) => r.withdrawnAt],
  ['flags', (r) => r.flags.join('; ')],
  ['decision', (r) => r.decision],
  ['windowWidth', (r) => r.browser.windowWidth],
  ['windowHeight', (r) => r.browser.windowHeight],
  ['devicePixelRatio', (r) => r.browser.devicePixelRatio],
  ['refreshHz', (r) => r.browser.refreshHz],
  ['userAgent', (r) => r.browser.userAgent],
];

export function reconciliationCsv(rows: readonly ReconciliationRow[]): string {
  return [COLUMNS.map(([name]) => name).join(','), ...rows.map((r) => COLUMNS.map(([, get]) => encodeCell(get(r))).join(','))].join('\n') + '\n';
}

export function reconciliationJson(rows: readonly ReconciliationRow[]): string {
  return JSON.stringify(rows, null, 2) + '\n';
}

/** The recruitment ids with this decision, one per line (empty text when none). */
export function decisionIds(rows: readonly ReconciliationRow[], decision: Exclude<Decision, 'none'>): string {
  const ids = rows.filter((r) => r.decision === decision && r.recruitmentId).map((r) => r.recruitmentId!);
  return ids.length ? ids.join('\n') + '\n' : '';
}

/** Prolific's bulk bonus: each approved Prolific participant and the amount, e.g. "5f3c…,1.50". */
export function prolificBonus(rows: readonly ReconciliationRow[], amount: number): string {
  if (!(amount > 0 && amount <= 100)) throw new RangeError(`the bonus must be more than 0 and at most 100, got ${amount}`);
  const lines = rows.filter((r) => r.source === 'prolific' && r.decision === 'approve' && r.recruitmentId).map((r) => `${r.recruitmentId},${amount.toFixed(2)}`);
  return lines.length ? lines.join('\n') + '\n' : '';
}
