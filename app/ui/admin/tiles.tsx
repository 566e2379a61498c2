// A row of headline numbers.
import styles from './admin.module.css';

export function Tiles({ items }: { items: { label: string; value: string; hint?: string }[] }) {
  return (
    <div className={styles.tiles}>
      {items.map((t) => (
        <div key={t.label} className={styles.tile} title={t.hint} data-tile={t.label}>
          <div className={styles.tileValue}>{t.value}</div>
          <div className={styles.tileLabel}>{t.label}</div>
        </div>
      ))}
    </div>
  );
}
