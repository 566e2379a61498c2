// Who was excluded by the attention rule, and why; the notes that qualify every figure.
import type { ResultsAnalysis } from '../../lib/results/analysis';
import styles from './admin.module.css';
import { count, shortId } from './format';

export function ExclusionsPanel({ analysis }: { analysis: ResultsAnalysis }) {
  const excluded = analysis.participants.filter((p) => p.excluded);
  return (
    <div className={styles.card} data-testid="exclusions">
      <p style={{ marginTop: 0 }}>
        <strong>Attention rule:</strong> attention checks pair a real photo with an obviously wrong colorization (random colours).
        Participants who identify fewer than {Math.round(analysis.meta.attentionThreshold * 100)}% of them are excluded, and every
        figure on this page is computed on the {count(analysis.totals.keptParticipants)} kept participants.
      </p>
      {excluded.length === 0 ? (
        <p>No participant was excluded.</p>
      ) : (
        <ul className={styles.notes}>
          {excluded.map((p) => (
            <li key={p.participant}>
              Session {p.session} (<span className={styles.mono} title={p.participant}>{shortId(p.participant)}</span>): {p.reason}
            </li>
          ))}
        </ul>
      )}
      <ul className={styles.notes} data-testid="analysis-notes">
        {analysis.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </div>
  );
}
