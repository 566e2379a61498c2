// Each method's objective metrics next to each other (from `npm run evaluate`, stored at import).
import type { MetricInfo } from '../../lib/results/method-metrics';
import styles from './admin.module.css';

export function MetricsTable({ columns, metrics }: { columns: MetricInfo[]; metrics: { method: string; values: Record<string, number> | null }[] }) {
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} data-testid="metrics">
        <thead>
          <tr>
            <th>Method</th>
            {columns.map((c) => (
              <th key={c.key} className="num" title={c.description}>
                {c.label}
                {c.better && <span className={styles.muted}> {c.better === 'higher' ? '↑' : '↓'}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {metrics.map((m) => (
            <tr key={m.method}>
              <td>
                <strong>{m.method}</strong>
              </td>
              {columns.map((c) => (
                <td key={c.key} className="num">
                  {m.values && m.values[c.key] !== undefined ? m.values[c.key].toFixed(c.digits) : <span className={styles.muted}>—</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className={`${styles.small} ${styles.muted}`} style={{ padding: '0 0.75rem' }}>
        ↑ higher is better, ↓ lower is better; hover a column for its definition. Methods imported without a metrics file show —.
      </p>
    </div>
  );
}
