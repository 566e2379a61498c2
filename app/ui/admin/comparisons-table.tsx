// Every pair of methods: the difference in fooling rate with its bootstrap interval and a
// permutation p-value that respects participants, Holm-corrected across the pairs.
import type { ResultsAnalysis } from '../../lib/results/analysis';
import styles from './admin.module.css';
import { points, pointsInterval, pValue } from './format';

export function ComparisonsTable({ comparisons }: { comparisons: ResultsAnalysis['comparisons'] }) {
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} data-testid="comparisons">
        <thead>
          <tr>
            <th>Comparison</th>
            <th title="between: no participant saw both methods; within: some saw both">Design</th>
            <th className="num">Difference</th>
            <th className="num" title="Bootstrap percentile interval of the difference">95% bootstrap interval</th>
            <th className="num" title="Permutation test over participants, two-sided">p</th>
            <th className="num" title="Holm-corrected across all comparisons">p (Holm)</th>
            <th>Verdict</th>
          </tr>
        </thead>
        <tbody>
          {comparisons.map((c) => (
            <tr key={`${c.methodA}|${c.methodB}`}>
              <td>
                <strong>{c.methodA}</strong> vs <strong>{c.methodB}</strong>
              </td>
              <td>{c.design}</td>
              <td className="num">{points(c.difference)}</td>
              <td className="num">{pointsInterval(c.bootstrap)}</td>
              <td className="num">{pValue(c.pValue)}</td>
              <td className="num">{pValue(c.pHolm)}</td>
              <td>{c.significant ? <strong>differ</strong> : <span className={styles.muted}>no clear difference</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
