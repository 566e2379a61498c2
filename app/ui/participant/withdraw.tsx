'use client';
/**
 * Withdrawing during the study: a quiet button on every screen from the instructions to the
 * debrief (not while a photo is on screen), then a confirmation that says what it means.
 * Confirmed, the server ends the session as withdrawn (its answers stay out of the analysis)
 * and the participant reads the study's withdrawal text (ended.tsx).
 */
import { useEffect, useRef, useState } from 'react';
import styles from './participant.module.css';

export function WithdrawButton({ onOpen }: { onOpen: () => void }) {
  return (
    <button type="button" className={styles.withdraw} onClick={onOpen} data-testid="withdraw">
      Withdraw from the study
    </button>
  );
}

export function WithdrawConfirm({ onConfirm, onCancel }: { onConfirm: () => Promise<void>; onCancel: () => void }) {
  const [busy, setBusy] = useState(false);
  const stay = useRef<HTMLButtonElement>(null);
  // The safe answer takes the focus: Enter or Space by habit keeps the participant in the study.
  useEffect(() => stay.current?.focus(), []);
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div role="alertdialog" aria-labelledby="withdraw-title" aria-describedby="withdraw-text" className={styles.withdrawDialog} data-testid="withdraw-confirm">
      <h2 id="withdraw-title" className={styles.subheading}>
        Withdraw from the study?
      </h2>
      <p id="withdraw-text">
        Your answers so far will not be used in the analysis, and you cannot take part in this study again. You do not have to give a reason.
      </p>
      <div className={styles.actions}>
        <button ref={stay} type="button" className="primary" disabled={busy} onClick={onCancel}>
          No, continue the study
        </button>
        <button type="button" disabled={busy} onClick={() => void confirm()}>
          Yes, withdraw
        </button>
      </div>
    </div>
  );
}

/** The button and, once pressed, the confirmation in its place (for the instructions and the debrief). */
export function Withdraw({ onWithdraw }: { onWithdraw: () => Promise<void> }) {
  const [open, setOpen] = useState(false);
  return open ? <WithdrawConfirm onConfirm={onWithdraw} onCancel={() => setOpen(false)} /> : <WithdrawButton onOpen={() => setOpen(true)} />;
}
