import styles from './participant.module.css';

/** Shown while requests are being retried: the participant's answer is not lost. */
export function ConnectionNotice() {
  return (
    <div className={styles.notice} role="status" data-testid="connection-notice">
      Connection problem: your answer is kept and will be sent again automatically. Please keep this page open.
    </div>
  );
}
