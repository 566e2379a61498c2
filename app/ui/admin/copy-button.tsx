'use client';
// Copies a text (a participant link, an ExternalQuestion) to the clipboard.
import { useState } from 'react';
import styles from './admin.module.css';

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'done' | 'failed'>('idle');
  return (
    <button
      type="button"
      className={styles.copy}
      onClick={() =>
        navigator.clipboard.writeText(text).then(
          () => setState('done'),
          () => setState('failed'),
        )
      }
    >
      {state === 'done' ? 'Copied' : state === 'failed' ? 'Select and copy' : label}
    </button>
  );
}
