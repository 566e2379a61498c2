// Fooling rate per photo and method, shaded by rate (one blue hue: readable without colour
// vision, the number is always printed).
import type { ResultsImage } from '../../lib/results/analysis';
import styles from './admin.module.css';
import { count, percent } from './format';

function shade(rate: number): string {
  // White at 0%, Okabe–Ito blue at 100%, through a light tint so text stays readable.
  return `rgba(0, 114, 178, ${(0.06 + 0.5 * rate).toFixed(3)})`;
}

export function ImageTable({ images, methods }: { images: ResultsImage[]; methods: string[] }) {
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} data-testid="image-table">
        <thead>
          <tr>
            <th>Photo</th>
            {methods.map((m) => (
              <th key={m} className="num">
                {m}
              </th>
            ))}
            <th className="num">All methods</th>
          </tr>
        </thead>
        <tbody>
          {images.map((img) => (
            <tr key={img.image} data-image={img.image}>
              <td className={styles.mono}>{img.image}</td>
              {methods.map((m) => {
                const c = img.byMethod.find((x) => x.method === m);
                return c ? (
                  <td key={m} className={`num ${styles.heat}`} style={{ background: shade(c.foolingRate) }} title={`${c.fooled} of ${c.trials} fooled`}>
                    {percent(c.foolingRate, 0)} <span className={styles.muted}>({c.fooled}/{c.trials})</span>
                  </td>
                ) : (
                  <td key={m} className="num">
                    <span className={styles.muted}>—</span>
                  </td>
                );
              })}
              <td className="num" data-cell="all">
                {percent(img.foolingRate, 0)} <span className={styles.muted}>({count(img.fooled)}/{count(img.trials)})</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
