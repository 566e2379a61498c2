'use client';
/**
 * The practice and test blocks: for each trial, a ready screen (the trial loads and decodes
 * meanwhile; Space or the button starts it), the trial itself, then saving the answer. An
 * answer is kept in localStorage until the server has confirmed it, and resent with the same
 * request id, through network errors and reloads alike; the server stores it once. Practice
 * answers are followed by feedback. Between the blocks a screen says the practice is over.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ResponseBody, ResponseResult, SessionState } from '../../lib/session/api-types';
import type { TwoAfcData } from '../../lib/trial-types/two-afc';
import { ApiError, newRequestId, postJson, type ConnectionListener } from './api';
import styles from './participant.module.css';
import type { LoadedTrial, TrialLoader } from './preload';
import { TrialRunner } from './trial-runner';

type Step =
  | { kind: 'ready'; trial: LoadedTrial | null }
  | { kind: 'running'; trial: LoadedTrial }
  | { kind: 'saving' }
  | { kind: 'feedback'; correct: boolean; fakeSide: 'left' | 'right'; next: SessionState }
  | { kind: 'intro' }
  | { kind: 'failed'; message: string };

interface Pending {
  index: number;
  body: ResponseBody;
}

const pendingKey = (token: string) => `ct-pending:${token}`;

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

function afterAnswer(state: SessionState, result: ResponseResult, practice: boolean): SessionState {
  const block = practice ? 'practice' : 'test';
  return {
    ...state,
    stage: result.stage,
    nextTrial: result.nextTrial,
    [block]: { ...state[block], answered: Math.min(state[block].total, state[block].answered + (result.duplicate ? 0 : 1)) },
  };
}

export function TrialBlock({ token, state, loader, onState, resync, onTrouble }: TrialBlockProps) {
  const index = state.nextTrial;
  const practice = state.stage === 'practice';
  const total = state.practice.total + state.test.total;
  const [step, setStep] = useState<Step>(() =>
    state.stage === 'test' && state.test.answered === 0 && state.practice.total > 0 ? { kind: 'intro' } : { kind: 'ready', trial: null },
  );

  const send = useCallback(
    async (pending: Pending) => {
      setStep({ kind: 'saving' });
      writePending(token, pending);
      try {
        const result = await postJson<ResponseResult>(`/api/sessions/${token}/trials/${pending.index}/response`, pending.body, onTrouble);
        writePending(token, null);
        loader.forget(pending.index);
        const next = afterAnswer(state, result, practice);
        if (result.feedback) setStep({ kind: 'feedback', ...result.feedback, next });
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
    [token, state, practice, loader, onState, resync, onTrouble],
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
    loader.get(index).then(
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

  useEffect(() => {
    if (step.kind !== 'feedback') return;
    const timer = setTimeout(finishFeedback, 2500);
    return () => clearTimeout(timer);
  }, [step, finishFeedback]);

  const onAnswer = (data: TwoAfcData) => {
    if (index === null) return;
    void send({ index, body: { ...data, requestId: newRequestId(), clientSentAt: new Date().toISOString() } });
  };

  const block = practice ? state.practice : state.test;
  const done = block.answered;
  const label = practice ? `Practice ${Math.min(done + 1, block.total)} of ${block.total}` : `Pair ${Math.min(done + 1, block.total)} of ${block.total}`;
  const progress = (
    <div className={styles.progress} aria-live="polite">
      <div data-testid="progress">{label}</div>
      <div className={styles.bar}>
        <div style={{ width: `${(100 * done) / Math.max(1, block.total)}%` }} />
      </div>
    </div>
  );

  return (
    <div className={styles.stage} data-stage={state.stage} data-step={step.kind}>
      {step.kind !== 'intro' && progress}
      {step.kind === 'intro' && (
        <div style={{ maxWidth: '34rem', textAlign: 'center' }}>
          <h2>The practice is over</h2>
          <p>Now come the real pairs. From here on you will not be told whether you were right: just give your best guess each time.</p>
          <button type="button" className="primary" onClick={() => setStep({ kind: 'ready', trial: null })}>
            Start
          </button>
        </div>
      )}
      {step.kind === 'ready' && (
        <button type="button" className="primary" disabled={!step.trial} onClick={begin} data-testid="show-pair">
          {step.trial ? (
            <>
              Show the pair <span className={styles.kbd}>Space</span>
            </>
          ) : (
            'Loading…'
          )}
        </button>
      )}
      {step.kind === 'running' && <TrialRunner trial={step.trial} onAnswer={onAnswer} />}
      {step.kind === 'saving' && <p className={styles.question}>Saving your answer…</p>}
      {step.kind === 'feedback' && (
        <div style={{ textAlign: 'center' }} data-testid="feedback">
          <p className={styles.question}>{step.correct ? 'Correct!' : 'Not quite.'}</p>
          <p>
            The photo with fake colours was the {state.presentation.mode === 'sequential' ? (step.fakeSide === 'left' ? 'first (left)' : 'second (right)') : step.fakeSide} one.
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
    </div>
  );
}
