// HYPE figures per method: the protocol's score with its intervals (participants; participants
// and images), the error rate on real and fake photos together and apart, the exact test
// against 50%, and the median response time.
import type { HypeMethodSummary } from '../../lib/stats';
import styles from './admin.module.css';
import { count, milliseconds, percent, percentInterval, pValue } from './format';

const msInterval = (i: { lower: number; upper: number } | null | undefined) => (i ? `${Math.round(i.lower)}–${Math.round(i.upper)}` : '—');

export function HypeMethodTable({ methods, timed }: { methods: HypeMethodSummary[]; timed: boolean }) {
  const notes = methods.filter((m) => m.note);
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} data-testid="hype-method-results">
        <thead>
          <tr>
            <th rowSpan={2}>Method</th>
            <th rowSpan={2} className="num">Participants</th>
            {timed && (
              <>
                <th rowSpan={2} className="num" title="Mean over participants of their staircase's modal exposure">HYPE_time</th>
                <th colSpan={2} className={styles.group}>95% interval</th>
                <th rowSpan={2} className="num" title="Staircases counted / that reversed at least once">Staircases</th>
              </>
            )}
            <th rowSpan={2} className="num" title="Test trials of kept participants">Trials</th>
            <th rowSpan={2} className="num" title="Wrong answers on real photos and fakes together">{timed ? 'Error rate' : 'HYPE_∞'}</th>
            {!timed && <th colSpan={2} className={styles.group}>95% interval</th>}
            <th rowSpan={2} className="num" title="Fakes answered real">Fakes taken for real</th>
            <th rowSpan={2} className="num" title="Real photos answered fake">Real taken for fake</th>
            <th rowSpan={2} className="num" title="Exact two-sided binomial test of the error rate against 50%">p vs 50%</th>
            <th rowSpan={2} className="num">Median RT</th>
          </tr>
          <tr>
            <th className="num" title="Percentile interval of the bootstrap over participants">participants{timed ? ' (ms)' : ''}</th>
            <th className="num" title="Bootstrap over participants and images">+ images{timed ? ' (ms)' : ''}</th>
          </tr>
        </thead>
        <tbody>
          {methods.map((m) => (
            <tr key={m.method} data-method={m.method}>
              <td>
                <strong>{m.method}</strong>
                {m.note && <sup className={styles.muted}> *</sup>}
              </td>
              <td className="num" data-cell="participants">{count(m.participants)}</td>
              {timed && (
                <>
                  <td className="num" data-cell="hype-time">
                    <strong>{milliseconds(m.threshold?.meanMs)}</strong>
                  </td>
                  <td className="num">{msInterval(m.threshold?.participantBootstrap)}</td>
                  <td className="num">{msInterval(m.threshold?.twoWayBootstrap)}</td>
                  <td className="num">{m.threshold ? `${m.threshold.participants} / ${m.threshold.converged}` : '—'}</td>
                </>
              )}
              <td className="num" data-cell="trials">{count(m.error.trials)}</td>
              <td className="num" data-cell="error-rate">{timed ? percent(m.error.rate) : <strong>{percent(m.error.rate)}</strong>}</td>
              {!timed && (
                <>
                  <td className="num">{percentInterval(m.error.participantBootstrap)}</td>
                  <td className="num">{percentInterval(m.error.twoWayBootstrap)}</td>
                </>
              )}
              <td className="num" data-cell="fake-error">
                {percent(m.fakeError.rate)} <span className={styles.muted}>({m.fakeError.errors}/{m.fakeError.trials})</span>
              </td>
              <td className="num" data-cell="real-error">
                {percent(m.realError.rate)} <span className={styles.muted}>({m.realError.errors}/{m.realError.trials})</span>
              </td>
              <td className="num">{pValue(m.error.pVsChance)}</td>
              <td className="num">{milliseconds(m.responseTimes.median)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {notes.length > 0 && (
        <ul className={`${styles.notes} ${styles.small}`} style={{ listStyle: 'none', padding: '0.5rem 0.75rem', margin: 0 }}>
          {notes.map((m) => (
            <li key={m.method}>
              * {m.method}: {m.note}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
