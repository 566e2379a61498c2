// Fooling rate per method with three 95% intervals (Wilson, exact, participant bootstrap),
// the bootstrap standard error (Zhang et al.'s ±), exact tests against 50% and 32.3%, and
// the median response time.
import type { ResultsMethod } from '../../lib/results/analysis';
import styles from './admin.module.css';
import { count, milliseconds, percent, percentInterval, pValue } from './format';

export function MethodResultsTable({ methods }: { methods: ResultsMethod[] }) {
  // The same remark often applies to several methods ("only 2 participants"): say it once.
  const grouped = new Map<string, string[]>();
  for (const m of methods) if (m.note) grouped.set(m.note, [...(grouped.get(m.note) ?? []), m.method]);
  const notes = [...grouped.entries()];
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} data-testid="method-results">
        <thead>
          <tr>
            <th rowSpan={2}>Method</th>
            <th rowSpan={2} className="num">Participants</th>
            <th rowSpan={2} className="num" title="Test trials of kept participants">Trials</th>
            <th rowSpan={2} className="num" title="Trials in which the colorization was taken for the real photo">Fooled</th>
            <th rowSpan={2} className="num">Fooling rate</th>
            <th colSpan={3} className={styles.group}>95% interval</th>
            <th rowSpan={2} className="num" title="Standard error of the participant bootstrap: what Zhang et al.'s ± is">Bootstrap SE</th>
            <th colSpan={2} className={styles.group} title="Exact two-sided binomial tests">p-value</th>
            <th rowSpan={2} className="num" title="Median time from the response buttons to the answer">Median RT</th>
          </tr>
          <tr>
            <th className="num" title="Wilson score interval for a binomial proportion">Wilson</th>
            <th className="num" title="Exact (Clopper–Pearson) binomial interval">exact</th>
            <th className="num" title="Percentile interval of the bootstrap over participants, then their trials">bootstrap</th>
            <th className="num" title="Against 50%: indistinguishable from real">vs 50%</th>
            <th className="num" title="Against Zhang et al.'s 32.3%">vs 32.3%</th>
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
              <td className="num" data-cell="trials">{count(m.trials)}</td>
              <td className="num" data-cell="fooled">{count(m.fooled)}</td>
              <td className="num" data-cell="rate">
                <strong>{percent(m.foolingRate)}</strong>
              </td>
              <td className="num" data-cell="wilson">{percentInterval(m.wilson)}</td>
              <td className="num" data-cell="clopper-pearson">{percentInterval(m.clopperPearson)}</td>
              <td className="num" data-cell="bootstrap">{percentInterval(m.clusterBootstrap)}</td>
              <td className="num" data-cell="bootstrap-se">{m.clusterBootstrap ? `± ${percent(m.clusterBootstrap.se)}` : '—'}</td>
              <td className="num" data-cell="p-chance">{pValue(m.vsChance?.pValue)}</td>
              <td className="num">{pValue(m.vsZhang?.pValue)}</td>
              <td className="num">{milliseconds(m.responseTimes.median)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {notes.length > 0 && (
        <ul className={`${styles.notes} ${styles.small}`} style={{ listStyle: 'none', padding: '0.5rem 0.75rem', margin: 0 }} data-testid="method-notes">
          {notes.map(([note, names]) => (
            <li key={note}>
              * {names.join(', ')}: {note}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
