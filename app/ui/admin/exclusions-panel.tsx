// Who was excluded by the study's rules (attention checks, fast answers), and why; the notes that qualify every figure.
import type { ExcludedParticipant, ResultsAnalysis } from '../../lib/results/analysis';
import type { FastAnswerRule } from '../../lib/stats';
import styles from './admin.module.css';
import { count, shortId } from './format';

/** The fast-answer rule in a sentence: what counts as fast, and whether it excludes. */
export function FastRule({ rule }: { rule: FastAnswerRule | null }) {
  if (!rule) return null;
  return (
    <>
      <strong>Fast answers:</strong> test answers given less than {rule.minRtMs} ms after the options appeared are flagged
      {rule.maxFastShare !== null ? `; participants with more than ${Math.round(rule.maxFastShare * 1000) / 10}% of their test answers that fast are excluded.` : '; nobody is excluded for them (the study sets no quality.maxFastShare).'}
    </>
  );
}

/** Excluded participants, one line each with the reason. */
export function ExcludedList({ participants }: { participants: readonly Pick<ExcludedParticipant, 'participant' | 'session' | 'reason'>[] }) {
  return (
    <ul className={styles.notes} data-testid="excluded-participants">
      {participants.map((p) => (
        <li key={p.participant}>
          Session {p.session} (<span className={styles.mono} title={p.participant}>{shortId(p.participant)}</span>): {p.reason}
        </li>
      ))}
    </ul>
  );
}

export function ExclusionsPanel({ analysis }: { analysis: ResultsAnalysis }) {
  const excluded = analysis.participants.filter((p) => p.excluded);
  return (
    <div className={styles.card} data-testid="exclusions">
      <p style={{ marginTop: 0 }}>
        <strong>Attention rule:</strong> attention checks pair a real photo with an obviously wrong colorization (random colours).
        Participants who identify fewer than {Math.round(analysis.meta.attentionThreshold * 100)}% of them are excluded.{' '}
        <FastRule rule={analysis.meta.fastRule} /> Every figure on this page is computed on the {count(analysis.totals.keptParticipants)} kept
        participants; withdrawn sessions are left out altogether.
      </p>
      {excluded.length === 0 ? <p>No participant was excluded.</p> : <ExcludedList participants={excluded.map((p) => ({ ...p, reason: p.reason ?? 'excluded' }))} />}
      <ul className={styles.notes} data-testid="analysis-notes">
        {analysis.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </div>
  );
}
