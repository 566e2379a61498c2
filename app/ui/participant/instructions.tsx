'use client';
import { useState } from 'react';
import type { SessionState } from '../../lib/session/api-types';
import type { BrowserCheckData } from '../../lib/trial-types/browser-check';
import { BrowserCheck } from './browser-check';
import styles from './participant.module.css';
import { KEYS, QUESTION, SINGLE_IMAGE_KEYS, SINGLE_IMAGE_QUESTION, singleImageTaskSentence, taskSentence } from './texts';
import type { SingleImageDisplay } from '../../lib/session/api-types';

export function Instructions({ state, onChecked }: { state: SessionState; onChecked: (check: BrowserCheckData) => Promise<void> }) {
  const [checking, setChecking] = useState(false);
  if (checking) {
    return <BrowserCheck minWindow={state.minWindow} startLabel={state.practice.total > 0 ? (state.singleImage ? 'Start the tutorial' : 'Start the practice') : 'Start the study'} onDone={onChecked} />;
  }
  if (state.singleImage) return <SingleImageInstructions state={state} display={state.singleImage} onContinue={() => setChecking(true)} />;
  const sequential = state.presentation.mode === 'sequential';
  return (
    <main className={styles.page}>
      <h1>Instructions</h1>
      <div className={styles.card}>
        <p>
          Some photos keep their true colours. Others were black and white, and a computer program has coloured them in.
        </p>
        <p>{taskSentence(state.presentation)}</p>
        <p>
          One of the two has its real colours, the other has fake colours. Then you answer: <strong>{QUESTION}</strong> Press{' '}
          <span className={styles.kbd}>{KEYS.left}</span> (or ←) for the {sequential ? 'first (left)' : 'left'} photo and{' '}
          <span className={styles.kbd}>{KEYS.right}</span> (or →) for the {sequential ? 'second (right)' : 'right'} one, or click the buttons.
        </p>
        {state.practice.total > 0 && (
          <p>
            You start with {state.practice.total} practice pairs, after which we tell you whether you were right. Then come {state.test.total}{' '}
            pairs without feedback.
          </p>
        )}
        <p>It is often hard to tell. Go with your first impression, and keep your eyes on the screen while the photos are shown.</p>
        <p className={styles.muted}>Every answer is saved as you go: if you reload the page, you continue where you were.</p>
        <div className={styles.actions}>
          <button type="button" className="primary" onClick={() => setChecking(true)}>
            Continue
          </button>
        </div>
      </div>
    </main>
  );
}

/** The instructions of the single-image (HYPE) protocols: one photo at a time, "real or fake?". */
function SingleImageInstructions({ state, display, onContinue }: { state: SessionState; display: SingleImageDisplay; onContinue: () => void }) {
  return (
    <main className={styles.page}>
      <h1>Instructions</h1>
      <div className={styles.card}>
        <p>Some photos keep their true colours. Others were black and white, and a computer program has coloured them in.</p>
        <p>{singleImageTaskSentence(display)}</p>
        <p>
          Then you answer: <strong>{SINGLE_IMAGE_QUESTION}</strong> Press <span className={styles.kbd}>{SINGLE_IMAGE_KEYS.real}</span> (or ←)
          for real colours and <span className={styles.kbd}>{SINGLE_IMAGE_KEYS.fake}</span> (or →) for fake ones, or click the buttons.
        </p>
        {state.practice.total > 0 && <p>You start with a short tutorial of {state.practice.total} photos, after which we tell you whether you were right.</p>}
        {state.qualification.total > 0 && (
          <p>
            Then come {state.qualification.total} qualification photos without feedback: to take part in the study itself you need to judge most of
            them correctly. If you do not, the study ends there.
          </p>
        )}
        <p>The study itself has {state.test.total} photos, without feedback. Go with your first impression, and keep your eyes on the screen.</p>
        <p className={styles.muted}>Every answer is saved as you go: if you reload the page, you continue where you were.</p>
        <div className={styles.actions}>
          <button type="button" className="primary" onClick={onContinue}>
            Continue
          </button>
        </div>
      </div>
    </main>
  );
}
