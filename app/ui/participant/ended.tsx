import type { SessionState } from '../../lib/session/api-types';
import styles from './participant.module.css';

/** A session that ended early: consent declined, or the device was screened out. */
export function Ended({ ended, stage }: { ended: NonNullable<SessionState['ended']>; stage: string }) {
  return (
    <main className={styles.page}>
      <h1>{stage === 'returned' ? 'You have left the study' : 'Sorry, you cannot take part'}</h1>
      <div className={styles.card} data-testid="ended">
        <p>{ended.message}</p>
        {ended.code && <p className={styles.code}>{ended.code}</p>}
        {ended.returnUrl && (
          <p>
            <a href={ended.returnUrl}>Return to Prolific</a>
          </p>
        )}
      </div>
    </main>
  );
}
