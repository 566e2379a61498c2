// One row per participant who answered: how they came, how far they got, their attention
// checks and their own fooling rate; excluded ones stay listed, marked, with the reason.
import type { ResultsParticipantRow } from '../../lib/results/study-results';
import styles from './admin.module.css';
import { count, milliseconds, percent, shortId } from './format';

export function ParticipantTable({ participants }: { participants: ResultsParticipantRow[] }) {
  const rows = [...participants].sort((a, b) => a.session - b.session);
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} data-testid="participant-table">
        <thead>
          <tr>
            <th className="num">Session</th>
            <th title="Pseudonymous id (never the Prolific or MTurk id)">Participant</th>
            <th>Source</th>
            <th>Stage</th>
            <th>Method</th>
            <th className="num" title="Fooled / test trials">Fooled</th>
            <th className="num">Fooling rate</th>
            <th className="num" title="Attention checks identified / shown">Attention</th>
            <th className="num">Median RT</th>
            <th style={{ minWidth: '15rem' }}>Analysis</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.participant} className={p.excluded ? styles.excludedRow : undefined} data-participant={p.participant}>
              <td className="num">{p.session}</td>
              <td className={styles.mono} title={p.participant}>
                {shortId(p.participant)}
              </td>
              <td>{p.source}</td>
              <td>{p.stage}</td>
              <td>{p.methods.join(', ') || '—'}</td>
              <td className="num">
                {count(p.fooled)}/{count(p.testTrials)}
              </td>
              <td className="num">{percent(p.foolingRate)}</td>
              <td className="num">{p.attentionTrials ? `${p.attentionCorrect}/${p.attentionTrials}` : '—'}</td>
              <td className="num">{milliseconds(p.medianRtMs)}</td>
              <td className={styles.small}>
                {p.excluded ? <span className={`${styles.badge} ${styles.badgeExcluded}`}>excluded</span> : 'kept'}
                {p.reason && <div className={styles.muted}>{p.reason}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
