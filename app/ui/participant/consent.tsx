'use client';
import { useState } from 'react';
import type { SessionState } from '../../lib/session/api-types';
import styles from './participant.module.css';
import { estimatedMinutes, singleImageMinutes } from './texts';

export function Consent({ state, onDecide }: { state: SessionState; onDecide: (consent: boolean) => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const trials = state.practice.total + state.qualification.total + state.test.total;
  const minutes = state.singleImage ? singleImageMinutes(trials, state.singleImage) : estimatedMinutes(trials, state.presentation);
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
      <h1>Colour perception study</h1>
      <div className={styles.card}>
        <p>
          You are invited to take part in a study of how people perceive the colours of photographs. It takes about {minutes} minutes.
        </p>
        <p>
          {state.singleImage
            ? `You will look at up to ${trials} photos, one at a time, and say for each whether you think its colours are real or fake.`
            : `You will look at ${trials} pairs of photos and, for each pair, say which photo you think has fake colours.`}
        </p>
        <p>
          We record your answers, your response times, and technical details of your browser (window size, screen refresh rate, browser
          version) that help us judge the quality of the data. We do not record your name or contact details. Your answers are stored under a
          random identifier and analysed together with those of other participants.
        </p>
        <p>Taking part is voluntary. You may stop at any time by closing this page.</p>
        <p>Do you agree to take part?</p>
        <div className={styles.actions}>
          <button type="button" className="primary" disabled={busy} onClick={() => void decide(true)}>
            I agree, continue
          </button>
          <button type="button" disabled={busy} onClick={() => void decide(false)}>
            I do not agree
          </button>
        </div>
      </div>
    </main>
  );
}
