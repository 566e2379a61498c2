// Progress per method: sessions finished, under way and lost, and test trials answered.
import type { StageCounts } from '../../lib/results/session-stages';
import type { MethodProgress } from '../../lib/results/study-progress';
import styles from './admin.module.css';
import { count } from './format';

function Bar({ value, max }: { value: number; max: number }) {
  const share = max > 0 ? Math.min(1, value / max) : 0;
  return (
    <span className={styles.progress} aria-hidden="true">
      <span style={{ width: `${(share * 100).toFixed(1)}%` }} />
    </span>
  );
}

export function MethodProgressTable({ methods, mixed, assignment }: { methods: MethodProgress[]; mixed: StageCounts; assignment: string | null }) {
  const tested = methods.filter((m) => m.kind === 'method');
  const check = methods.find((m) => m.kind === 'attention');
  const mostCompleted = Math.max(1, ...tested.map((m) => m.sessions.completed));
  const mostAnswered = Math.max(1, ...tested.map((m) => m.testAnswered));
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} data-testid="method-progress">
        <thead>
          <tr>
            <th>Method</th>
            <th className="num">Completed sessions</th>
            <th className="num">In progress</th>
            <th className="num" title="Screened out, returned or withdrawn">Dropped</th>
            <th className="num">Test trials answered</th>
            <th className="num" title="Of those, in completed sessions">…in completed sessions</th>
          </tr>
        </thead>
        <tbody>
          {tested.map((m) => (
            <tr key={m.method} data-method={m.method}>
              <td>
                <strong>{m.method}</strong>
              </td>
              <td className="num">
                {assignment !== 'mixed' && <Bar value={m.sessions.completed} max={mostCompleted} />}
                {assignment === 'mixed' ? '—' : count(m.sessions.completed)}
              </td>
              <td className="num">{assignment === 'mixed' ? '—' : count(m.sessions.inProgress)}</td>
              <td className="num">{assignment === 'mixed' ? '—' : count(m.sessions.screenedOut + m.sessions.returned)}</td>
              <td className="num">
                <Bar value={m.testAnswered} max={mostAnswered} />
                {count(m.testAnswered)}
              </td>
              <td className="num">{count(m.testAnsweredCompleted)}</td>
            </tr>
          ))}
          {mixed.started > 0 && (
            <tr>
              <td>
                <em>mixed sessions</em> <span className={styles.muted}>(every method)</span>
              </td>
              <td className="num">{count(mixed.completed)}</td>
              <td className="num">{count(mixed.inProgress)}</td>
              <td className="num">{count(mixed.screenedOut + mixed.returned)}</td>
              <td className="num">—</td>
              <td className="num">—</td>
            </tr>
          )}
        </tbody>
      </table>
      {check && (
        <p className={`${styles.small} ${styles.muted}`} style={{ padding: '0 0.75rem' }}>
          Attention checks answered: {count(check.attentionAnswered)}.
        </p>
      )}
    </div>
  );
}
