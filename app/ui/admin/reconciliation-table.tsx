// One row per session for approving, rejecting and paying: app/lib/recruitment/reconciliation.ts.
import type { ReconciliationRow } from '../../lib/recruitment/reconciliation';
import styles from './admin.module.css';
import { count, milliseconds } from './format';

function duration(seconds: number | null): string {
  if (seconds === null) return '–';
  const m = Math.floor(seconds / 60);
  return `${m}:${String(seconds % 60).padStart(2, '0')}`;
}

export function ReconciliationTable({ rows }: { rows: ReconciliationRow[] }) {
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} data-testid="reconciliation">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>Recruitment id</th>
            <th>Source</th>
            <th>Status</th>
            <th>Method</th>
            <th className="num">Attention</th>
            <th className="num">Test answered</th>
            <th className="num">Duration</th>
            <th className="num">Median RT</th>
            <th>Window</th>
            <th>Flags</th>
            <th>Decision</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.session} data-session={r.session} data-decision={r.decision} data-status={r.status}>
              <td className="num">{r.session}</td>
              <td className={styles.mono}>{r.recruitmentId ?? '–'}</td>
              <td>{r.source}</td>
              <td data-cell="status">{r.status}</td>
              <td>{r.method ?? 'mixed'}</td>
              <td className="num">
                {r.attentionTrials ? `${r.attentionCorrect}/${r.attentionTrials}` : '–'} {r.attentionPassed ? '' : '✗'}
              </td>
              <td className="num">
                {count(r.testAnswered)} / {count(r.testTotal)}
              </td>
              <td className="num">{duration(r.durationS)}</td>
              <td className="num">{milliseconds(r.medianRtMs)}</td>
              <td className={styles.small}>
                {r.browser.windowWidth !== null ? `${r.browser.windowWidth}×${r.browser.windowHeight} @${r.browser.devicePixelRatio}x, ${r.browser.refreshHz ?? '?'} Hz` : '–'}
              </td>
              <td className={styles.small} data-cell="flags">
                {r.flags.join('; ')}
              </td>
              <td data-cell="decision">{r.decision === 'none' ? '–' : r.decision}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
