'use client';
import { useState } from 'react';
import type { SessionState } from '../../lib/session/api-types';
import type { BrowserCheckData } from '../../lib/trial-types/browser-check';
import { BrowserCheck } from './browser-check';
import styles from './participant.module.css';
import type { ParticipantTexts } from '../../lib/session/participant-texts';
import { Markdown } from '../markdown';
import { ScreenHeading } from './screen';
import { Withdraw } from './withdraw';

export function Instructions({
  state,
  texts,
  onChecked,
  onWithdraw,
}: {
  state: SessionState;
  texts: ParticipantTexts;
  onChecked: (check: BrowserCheckData) => Promise<void>;
  onWithdraw: () => Promise<void>;
}) {
  const [checking, setChecking] = useState(false);
  if (checking) {
    return <BrowserCheck minWindow={state.minWindow} startLabel={state.practice.total > 0 ? (state.singleImage ? 'Start the tutorial' : 'Start the practice') : 'Start the study'} onDone={onChecked} />;
  }
  return (
    <main className={styles.page}>
      <ScreenHeading title="Instructions">Instructions</ScreenHeading>
      <div className={styles.card} data-testid="instructions">
        <Markdown source={texts.instructions} kbdClass={styles.kbd} />
        <p className={styles.muted}>Every answer is saved as you go: if you reload the page, you continue where you were.</p>
        {state.fullscreen && <p data-testid="fullscreen-instructions">The photos are shown in full screen: the page switches to full screen when a trial starts. Please stay in full screen until the end.</p>}
        <div className={styles.actions}>
          <button type="button" className="primary" onClick={() => setChecking(true)}>
            Continue
          </button>
        </div>
      </div>
      <Withdraw onWithdraw={onWithdraw} />
    </main>
  );
}
