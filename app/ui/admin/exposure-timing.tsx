// Requested against achieved exposure (hype-time): can a reviewer trust that the images were
// shown for as long as the protocol says? Overall figures and one line per staircase level.
import type { ExposureAccuracy } from '../../lib/stats';
import styles from './admin.module.css';
import { count } from './format';

const ms = (v: number | null, signed = false) => (v === null ? '—' : `${signed && v >= 0 ? '+' : ''}${v.toFixed(1)} ms`);

export function ExposureTiming({ exposure }: { exposure: ExposureAccuracy }) {
  return (
    <div className={styles.card} data-testid="exposure-timing">
      <dl className={styles.explain} style={{ marginTop: 0 }}>
        <div>
          <dt>Trials measured</dt>
          <dd data-cell="measured">
            {count(exposure.measured)} of {count(exposure.trials)} timed trials
          </dd>
        </div>
        <div>
          <dt>Mean requested / achieved</dt>
          <dd>
            {ms(exposure.meanRequestedMs)} / {ms(exposure.meanAchievedMs)}
          </dd>
        </div>
        <div>
          <dt>Mean deviation (achieved − requested)</dt>
          <dd data-cell="mean-deviation">
            {ms(exposure.meanDeviationMs, true)} (mean absolute {ms(exposure.meanAbsDeviationMs)})
          </dd>
        </div>
        <div>
          <dt>Largest deviation</dt>
          <dd data-cell="max-deviation">{ms(exposure.worstDeviationMs, true)}</dd>
        </div>
      </dl>
      <table className={styles.table} style={{ marginTop: '0.75rem', maxWidth: 560 }}>
        <thead>
          <tr>
            <th className="num">Requested</th>
            <th className="num">Trials</th>
            <th className="num">Mean achieved</th>
            <th className="num">Max |deviation|</th>
          </tr>
        </thead>
        <tbody>
          {exposure.byLevel.map((l) => (
            <tr key={l.requestedMs}>
              <td className="num">{l.requestedMs} ms</td>
              <td className="num">{count(l.measured)}</td>
              <td className="num">{ms(l.meanAchievedMs)}</td>
              <td className="num">{ms(l.maxAbsDeviationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={`${styles.small} ${styles.muted}`} style={{ marginBottom: 0 }}>
        Achieved = the image&rsquo;s offset minus its onset, from the requestAnimationFrame timestamps of the frames that showed and hid it. A
        display switches only on frame boundaries (16.7 ms at 60 Hz), so deviations within half a frame are the best it can do; larger ones are
        dropped or late frames.
      </p>
    </div>
  );
}
