// One row per participant of a single-image study: how they came and how far they got, their
// tutorial, qualification and attention checks, error rate and (hype-time) thresholds; excluded
// participants and those who stopped at the qualification stay listed, with the reason.
import type { HypeParticipantRow } from '../../lib/results/study-results';
import styles from './admin.module.css';
import { count, milliseconds, percent, shortId } from './format';

export function HypeParticipantTable({ participants, timed }: { participants: HypeParticipantRow[]; timed: boolean }) {
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
            <th className="num" title="Tutorial answers right / tutorial trials">Tutorial</th>
            <th className="num" title="Qualification answers right / qualification trials">Qualification</th>
            <th className="num" title="Attention checks identified / shown">Attention</th>
            <th className="num">Test trials</th>
            <th className="num">Error rate</th>
            {timed && <th title="Modal exposure of each staircase">Threshold</th>}
            <th className="num">Median RT</th>
            <th style={{ minWidth: '14rem' }}>Analysis</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => {
            const out = p.excluded || p.testTrials === 0;
            return (
              <tr key={p.participant} className={out ? styles.excludedRow : undefined} data-participant={p.participant}>
                <td className="num">{p.session}</td>
                <td className={styles.mono} title={p.participant}>
                  {shortId(p.participant)}
                </td>
                <td>{p.source}</td>
                <td>{p.stage}</td>
                <td className="num">{p.tutorialTrials ? `${p.tutorialCorrect}/${p.tutorialTrials}` : '—'}</td>
                <td className="num">
                  {p.qualificationTrials ? `${p.qualificationCorrect}/${p.qualificationTrials}` : '—'}
                  {p.passedQualification === false && <span className={styles.muted}> failed</span>}
                </td>
                <td className="num">{p.attentionTrials ? `${p.attentionCorrect}/${p.attentionTrials}` : '—'}</td>
                <td className="num">{count(p.testTrials)}</td>
                <td className="num">{percent(p.errorRate)}</td>
                {timed && (
                  <td className={styles.small} style={{ whiteSpace: 'nowrap' }}>
                    {p.thresholds.map((t) => `${t.method}: ${milliseconds(t.thresholdMs)}${t.converged ? '' : ' (no reversal)'}`).join(', ') || '—'}
                  </td>
                )}
                <td className="num">{milliseconds(p.medianRtMs)}</td>
                <td className={styles.small}>
                  {out ? <span className={`${styles.badge} ${styles.badgeExcluded}`}>{p.excluded ? 'excluded' : 'not scored'}</span> : 'kept'}
                  {p.reason && <div className={styles.muted}>{p.reason}</div>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
