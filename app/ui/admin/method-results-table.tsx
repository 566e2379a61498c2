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
            <th>Method</th>
            <th className="num">Participants</th>
            <th className="num">Test trials</th>
            <th className="num" title="Trials in which the colorization was taken for the real photo">Fooled</th>
            <th className="num">Fooling rate</th>
            <th className="num" title="Wilson score interval for a binomial proportion">95% Wilson interval</th>
            <th className="num" title="Exact binomial interval">95% Clopper–Pearson</th>
            <th className="num" title="Bootstrap over participants, then their trials: the ± Zhang et al. report">Bootstrap SE</th>
            <th className="num" title="Percentile interval of the participant bootstrap">95% bootstrap interval</th>
            <th className="num" title="Exact two-sided binomial test against 50%">p vs 50%</th>
            <th className="num" title="Exact two-sided binomial test against Zhang et al.'s 32.3%">p vs 32.3%</th>
            <th className="num" title="Median time from the response buttons to the answer">Median RT</th>
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
              <td className="num" data-cell="bootstrap-se">{m.clusterBootstrap ? `± ${percent(m.clusterBootstrap.se)}` : '—'}</td>
              <td className="num" data-cell="bootstrap">{percentInterval(m.clusterBootstrap)}</td>
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
