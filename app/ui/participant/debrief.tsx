'use client';
import { useState } from 'react';
import { Markdown } from '../markdown';
import styles from './participant.module.css';
import { ScreenHeading } from './screen';
import { Withdraw } from './withdraw';

export function Debrief({ source, onFinish, onWithdraw }: { source: string; onFinish: () => Promise<void>; onWithdraw: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  return (
    <main className={styles.page}>
      <ScreenHeading title="Debrief">Thank you!</ScreenHeading>
      <div className={styles.card}>
        <Markdown source={source} kbdClass={styles.kbd} />
        <p>
          <strong>Press Finish to complete the study and get your completion code.</strong>
        </p>
        <div className={styles.actions}>
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await onFinish();
              } finally {
                setBusy(false);
              }
            }}
          >
            Finish
          </button>
        </div>
      </div>
      <Withdraw onWithdraw={onWithdraw} />
    </main>
  );
}
