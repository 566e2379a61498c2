'use client';
import { useState } from 'react';
import type { ParticipantTexts } from '../../lib/session/participant-texts';
import { Markdown } from '../markdown';
import styles from './participant.module.css';
import { ScreenHeading } from './screen';

export function Consent({ texts, onDecide }: { texts: ParticipantTexts; onDecide: (consent: boolean) => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  // Declining ends the session for good (the recruitment id cannot start again): ask once more.
  const [confirmDecline, setConfirmDecline] = useState(false);
  const decide = async (consent: boolean) => {
    setBusy(true);
    try {
      await onDecide(consent);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className={styles.page}>
      <ScreenHeading title="Consent">{texts.title}</ScreenHeading>
      <div className={styles.card} data-testid="consent">
        <Markdown source={texts.consent} kbdClass={styles.kbd} />
        <p data-testid="device-requirement">
          <strong>{texts.device}</strong>
        </p>
        {texts.researcher && (
          <section aria-label="About this study" data-testid="researcher">
            <h2 className={styles.subheading}>About this study</h2>
            <Markdown source={texts.researcher} />
          </section>
        )}
        <p>Do you agree to take part?</p>
        {confirmDecline ? (
          <div className={styles.actions} role="alertdialog" aria-label="Confirm that you do not take part">
            <p>If you do not take part, the study ends here and you cannot come back to it. Are you sure?</p>
            <button type="button" disabled={busy} onClick={() => void decide(false)}>
              Yes, I do not take part
            </button>
            <button type="button" className="primary" disabled={busy} onClick={() => setConfirmDecline(false)}>
              Go back
            </button>
          </div>
        ) : (
          <div className={styles.actions}>
            <button type="button" className="primary" disabled={busy} onClick={() => void decide(true)}>
              I agree, continue
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirmDecline(true)}>
              I do not agree
            </button>
          </div>
        )}
      </div>
    </main>
  );
}
