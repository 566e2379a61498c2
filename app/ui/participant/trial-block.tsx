'use client';
/**
 * The practice and test blocks: for each trial, a ready screen (the trial loads and decodes
 * meanwhile; Space or the button starts it), the trial itself, then saving the answer. An
 * answer is kept in localStorage until the server has confirmed it, and resent with the same
 * request id, through network errors and reloads alike; the server stores it once. Practice
 * and tutorial answers are followed by feedback. Between the blocks a screen says what comes
 * next (block-intro.tsx).
 */
import { useCallback, useEffect, useState } from 'react';
import type { ResponseBody, ResponseResult, SessionState, TrialFeedback } from '../../lib/session/api-types';
import type { SingleImageData } from '../../lib/trial-types/single-image';
import type { TwoAfcData } from '../../lib/trial-types/two-afc';
import { ApiError, newRequestId, postJson, type ConnectionListener } from './api';
import { BlockIntro, blockIntro, blockLabel } from './block-intro';
import styles from './participant.module.css';
import type { LoadedSingleImageTrial, LoadedTrial, LoadedTwoAfcTrial, TrialLoader } from './preload';
import { SingleImageRunner } from './single-image-runner';
import { TrialRunner } from './trial-runner';

type Step =
  | { kind: 'ready'; trial: LoadedTrial | null }
  | { kind: 'running'; trial: LoadedTrial }
  | { kind: 'saving' }
  | { kind: 'feedback'; feedback: TrialFeedback; next: SessionState }
  | { kind: 'intro' }
  | { kind: 'failed'; message: string };

interface Pending {
  index: number;
  body: ResponseBody;
}

const pendingKey = (token: string) => `ct-pending:${token}`;

const ENDED_STAGES: readonly string[] = ['screened-out', 'returned', 'complete'];

function readPending(token: string): Pending | null {
  try {
    const raw = localStorage.getItem(pendingKey(token));
    return raw ? (JSON.parse(raw) as Pending) : null;
  } catch {
    return null;
  }
}

function writePending(token: string, pending: Pending | null): void {
  try {
    if (pending) localStorage.setItem(pendingKey(token), JSON.stringify(pending));
    else localStorage.removeItem(pendingKey(token));
  } catch {
    // Storage unavailable (private mode): the in-memory retry still holds the answer.
  }
}

export interface TrialBlockProps {
  token: string;
  state: SessionState;
  loader: TrialLoader;
  onState: (next: SessionState) => void;
  /** Fetches the state from the server (after a conflict, e.g. a second tab answered). */
  resync: () => Promise<void>;
  onTrouble: ConnectionListener;
}

function afterAnswer(state: SessionState, result: ResponseResult, block: 'practice' | 'qualification' | 'test'): SessionState {
  return {
    ...state,
    stage: result.stage,
    nextTrial: result.nextTrial,
    [block]: { ...state[block], answered: Math.min(state[block].total, state[block].answered + (result.duplicate ? 0 : 1)) },
  };
}

export function TrialBlock({ token, state, loader, onState, resync, onTrouble }: TrialBlockProps) {
  const index = state.nextTrial;
  const block = state.stage === 'practice' || state.stage === 'qualification' ? state.stage : 'test';
  const total = state.practice.total + state.qualification.total + state.test.total;
  const [step, setStep] = useState<Step>(() => (blockIntro(state) ? { kind: 'intro' } : { kind: 'ready', trial: null }));

  const send = useCallback(
    async (pending: Pending) => {
      setStep({ kind: 'saving' });
      writePending(token, pending);
      try {
        const result = await postJson<ResponseResult>(`/api/sessions/${token}/trials/${pending.index}/response`, pending.body, onTrouble);
        writePending(token, null);
        loader.forget(pending.index);
        const next = afterAnswer(state, result, block);
        if (result.feedback) setStep({ kind: 'feedback', feedback: result.feedback, next });
        // An answer that ends the session (a failed qualification): the server's state says what to tell the participant.
        else if (ENDED_STAGES.includes(result.stage)) await resync();
        else onState(next);
      } catch (e) {
        writePending(token, null);
        if (e instanceof ApiError && e.status === 409) {
          // Answered elsewhere or out of step: the server's state decides what comes next.
          await resync();
        } else {
          setStep({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
        }
      }
    },
    [token, state, block, loader, onState, resync, onTrouble],
  );

  // An answer left unconfirmed by a reload is sent before anything else.
  useEffect(() => {
    const pending = readPending(token);
    if (pending && pending.index === index) void send(pending);
    else if (pending) writePending(token, null);
    // Only on arrival at this trial (the block is remounted per trial).
  }, []);

  // Load this trial while the ready screen shows.
  useEffect(() => {
    if (index === null || step.kind !== 'ready' || step.trial) return;
    let live = true;
    loader.ready(index).then(
      (trial) => live && setStep((s) => (s.kind === 'ready' ? { kind: 'ready', trial } : s)),
      (e) => live && setStep({ kind: 'failed', message: e instanceof ApiError ? e.message : 'The images of this trial could not be loaded.' }),
    );
    return () => {
      live = false;
    };
  }, [index, step, loader]);

  const begin = useCallback(() => {
    if (step.kind !== 'ready' || !step.trial) return;
    setStep({ kind: 'running', trial: step.trial });
    if (index !== null && index + 1 < total) loader.prefetch(index + 1);
  }, [step, index, total, loader]);

  const finishFeedback = useCallback(() => {
    if (step.kind === 'feedback') onState(step.next);
  }, [step, onState]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== ' ' && e.key !== 'Enter') return;
      if (step.kind === 'ready') begin();
      else if (step.kind === 'intro') setStep({ kind: 'ready', trial: null });
      else if (step.kind === 'feedback') finishFeedback();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step, begin, finishFeedback]);

  const onAnswer = (data: TwoAfcData | SingleImageData) => {
    if (index === null) return;
    void send({ index, body: { ...data, requestId: newRequestId(), clientSentAt: new Date().toISOString() } });
  };

  const { answered: done, total: blockTotal } = state[block];
  const label = `${blockLabel(state)} ${Math.min(done + 1, blockTotal)} of ${blockTotal}`;
  const single = state.singleImage !== null;
  const progress = (
    <div className={styles.progress} aria-live="polite">
      <div data-testid="progress">{label}</div>
      <div className={styles.bar}>
        <div style={{ width: `${(100 * done) / Math.max(1, blockTotal)}%` }} />
      </div>
    </div>
  );

  return (
    <main className={styles.stage} data-stage={state.stage} data-step={step.kind}>
      <h1 className={styles.srOnly}>{label}</h1>
      {step.kind !== 'intro' && progress}
      {step.kind === 'intro' && <BlockIntro state={state} onStart={() => setStep({ kind: 'ready', trial: null })} />}
      {step.kind === 'ready' && (
        <button type="button" className="primary" disabled={!step.trial} onClick={begin} data-testid={single ? 'show-photo' : 'show-pair'}>
          {step.trial ? (
            <>
              {single ? 'Show the photo' : 'Show the pair'} <span className={styles.kbd}>Space</span>
            </>
          ) : (
            'Loading…'
          )}
        </button>
      )}
      {step.kind === 'running' &&
        (step.trial.view.trialType === 'single-image' ? (
          <SingleImageRunner trial={step.trial as LoadedSingleImageTrial} onAnswer={onAnswer} />
        ) : (
          <TrialRunner trial={step.trial as LoadedTwoAfcTrial} onAnswer={onAnswer} />
        ))}
      {step.kind === 'saving' && <p className={styles.question}>Saving your answer…</p>}
      {/* No timer: the participant moves on (Continue or Space) when ready; role=status announces the feedback. */}
      {step.kind === 'feedback' && (
        <div style={{ textAlign: 'center' }} data-testid="feedback" role="status">
          <p className={styles.question}>{step.feedback.correct ? 'Correct!' : 'Not quite.'}</p>
          <p>
            {'wasReal' in step.feedback
              ? `This photo had its ${step.feedback.wasReal ? 'real' : 'fake'} colours.`
              : `The photo with fake colours was the ${state.presentation.mode === 'sequential' ? (step.feedback.fakeSide === 'left' ? 'first (left)' : 'second (right)') : step.feedback.fakeSide} one.`}
          </p>
          <button type="button" className="primary" onClick={finishFeedback}>
            Continue <span className={styles.kbd}>Space</span>
          </button>
        </div>
      )}
      {step.kind === 'failed' && (
        <div style={{ textAlign: 'center', maxWidth: '34rem' }}>
          <p>{step.message}</p>
          <button
            type="button"
            onClick={async () => {
              await resync();
              setStep({ kind: 'ready', trial: null });
            }}
          >
            Try again
          </button>
        </div>
      )}
    </main>
  );
}
