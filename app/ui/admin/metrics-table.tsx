// Each method's objective metrics next to each other (from `npm run evaluate`, stored at import),
// with evaluate's baselines below them so that a tint is not mistaken for a colorization.
import { BASELINE_DESCRIPTIONS, type MetricInfo, type MetricRow } from '../../lib/results/method-metrics';
import styles from './admin.module.css';

function Cells({ columns, values }: { columns: MetricInfo[]; values: Record<string, number> | null }) {
  return columns.map((c) => (
    <td key={c.key} className="num">
      {values && values[c.key] !== undefined ? values[c.key].toFixed(c.digits) : <span className={styles.muted}>—</span>}
    </td>
  ));
}

export function MetricsTable({ columns, metrics, baselines = [] }: { columns: MetricInfo[]; metrics: MetricRow[]; baselines?: MetricRow[] }) {
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
              <Cells columns={columns} values={m.values} />
            </tr>
          ))}
          {baselines.map((b) => (
            <tr key={`baseline ${b.method}`} data-baseline={b.method} className={styles.muted}>
              <td title={BASELINE_DESCRIPTIONS[b.method]}>
                <em>{b.method}</em> (baseline)
              </td>
              <Cells columns={columns} values={b.values} />
            </tr>
          ))}
        </tbody>
      </table>
      <p className={`${styles.small} ${styles.muted}`} style={{ padding: '0 0.75rem' }}>
        ↑ higher is better, ↓ lower is better; hover a column for its definition. Methods imported without a metrics file show —.
        {baselines.length > 0 && (
          <>
            {' '}
            Baselines, scored on the same photos: {baselines.map((b) => `${b.method}: ${BASELINE_DESCRIPTIONS[b.method] ?? 'see npm run evaluate'}`).join('; ')}. A method
            that does not beat them on the rebalanced AuC, with r near 0, adds a tint, not colours that follow the content; their r is — (one constant colour).
          </>
        )}
      </p>
    </div>
  );
}
