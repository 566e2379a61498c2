'use client';
import { useState } from 'react';
import styles from './participant.module.css';

export function Debrief({ onFinish, singleImage }: { onFinish: () => Promise<void>; singleImage: boolean }) {
  const [busy, setBusy] = useState(false);
  return (
    <main className={styles.page}>
      <h1>Thank you!</h1>
      <div className={styles.card}>
        <p>All your answers are saved.</p>
        {singleImage ? (
          <p>
            About this study: some photos had their real colours, others had been turned into black and white and then coloured by a
            computer program. We measure how well people tell them apart, and how briefly a photo must be seen to tell, to compare
            methods of automatic colorization.
          </p>
        ) : (
          <p>
            About this study: in every pair, one photo had its real colours and the other had been turned into black and white and then
            coloured by a computer program. We measure how often such programs fool people into taking the fake colours for real ones, to
            compare methods of automatic colorization. Guessing right half of the time means the program fooled you as often as chance would.
          </p>
        )}
        <p>Please do not tell others which photos were which, so that future participants judge them fresh.</p>
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
    </main>
  );
}
