import styles from './participant.module.css';

/** A page with one message: an unknown study, a closed one, a link without its platform id. */
export function Message({ title, message }: { title: string; message: string }) {
  return (
    <main className={styles.page}>
      <h1>{title}</h1>
      <div className={styles.card}>
        <p data-testid="message">{message}</p>
      </div>
    </main>
  );
}
