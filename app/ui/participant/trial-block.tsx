'use client';
/**
 * The practice and test blocks: for each trial, a ready screen (the trial loads and decodes
 * meanwhile; Space or the button starts it), the trial itself, then saving the answer. An
 * answer is kept in localStorage until the server has confirmed it, and resent with the same
 * request id, through network errors and reloads alike; the server stores it once. Practice
 * and tutorial answers are followed by feedback, announced to screen readers (a live region).
 * Between the blocks a screen says what comes next (block-intro.tsx).
 *
 * Quality records: each answer carries how often the page was hidden or lost the focus during
 * the trial and, when the study asks for full screen (each trial starts it), how often it was
 * left (trial-focus-log.ts). An answer the server refuses because the trial's images never
 * reached it (not-shown) loads the trial again. Outside a running trial the participant may
 * withdraw (withdraw.tsx).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ResponseBody, ResponseResult, SessionState, TrialFeedback } from '../../lib/session/api-types';
import type { SingleImageData } from '../../lib/trial-types/single-image';
import type { TwoAfcData } from '../../lib/trial-types/two-afc';
import { ApiError, newRequestId, postJson, type ConnectionListener } from './api';
import { BlockIntro, blockIntro, blockIntroTitle, blockLabel } from './block-intro';
import styles from './participant.module.css';
import type { LoadedSingleImageTrial, LoadedTrial, LoadedTwoAfcTrial, TrialLoader } from './preload';
import { ScreenHeading } from './screen';
import { SingleImageRunner } from './single-image-runner';
import { TrialFocusLog } from './trial-focus-log';
import { TrialRunner } from './trial-runner';
import { WithdrawButton, WithdrawConfirm } from './withdraw';

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
  /** Withdraws the participant (after they confirmed). */
  onWithdraw: () => Promise<void>;
}

/** Keys pressed on a button or a link act on it, not on the screen. */
const onControl = (e: KeyboardEvent) => e.target instanceof Element && e.target.closest('button, a, input, textarea, select') !== null;

function useFullscreen(): boolean {
  const [on, setOn] = useState(false);
  useEffect(() => {
    const update = () => setOn(document.fullscreenElement !== null);
    update();
    document.addEventListener('fullscreenchange', update);
    return () => document.removeEventListener('fullscreenchange', update);
  }, []);
  return on;
}

function afterAnswer(state: SessionState, result: ResponseResult, block: 'practice' | 'qualification' | 'test'): SessionState {
  return {
    ...state,
    stage: result.stage,
    nextTrial: result.nextTrial,
    [block]: { ...state[block], answered: Math.min(state[block].total, state[block].answered + (result.duplicate ? 0 : 1)) },
  };
}

export function TrialBlock({ token, state, loader, onState, resync, onTrouble, onWithdraw }: TrialBlockProps) {
  const index = state.nextTrial;
  const block = state.stage === 'practice' || state.stage === 'qualification' ? state.stage : 'test';
  const total = state.practice.total + state.qualification.total + state.test.total;
  const [step, setStep] = useState<Step>(() => (blockIntro(state) ? { kind: 'intro' } : { kind: 'ready', trial: null }));
  const [withdrawing, setWithdrawing] = useState(false);
  const focusLog = useMemo(() => new TrialFocusLog(state.fullscreen), [state.fullscreen]);
  useEffect(() => focusLog.attach(), [focusLog]);
  const fullscreen = useFullscreen();

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
        if (e instanceof ApiError && e.code === 'not-shown') {
          // The server has not sent this trial's images (or decided its exposure): load it again.
          loader.forget(pending.index);
          setStep({ kind: 'ready', trial: null });
        } else if (e instanceof ApiError && e.status === 409) {
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
    // Called from a click or a key press, so the browser lets the page enter full screen.
    if (state.fullscreen && !document.fullscreenElement) document.documentElement.requestFullscreen?.().catch(() => undefined);
    focusLog.start();
    setStep({ kind: 'running', trial: step.trial });
    if (index !== null && index + 1 < total) loader.prefetch(index + 1);
  }, [step, index, total, loader, state.fullscreen, focusLog]);

  const finishFeedback = useCallback(() => {
    if (step.kind === 'feedback') onState(step.next);
  }, [step, onState]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== ' ' && e.key !== 'Enter') return;
      if (withdrawing || onControl(e)) return;
      if (step.kind === 'ready') begin();
      else if (step.kind === 'intro') setStep({ kind: 'ready', trial: null });
      else if (step.kind === 'feedback') finishFeedback();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step, begin, finishFeedback, withdrawing]);

  const onAnswer = (data: TwoAfcData | SingleImageData) => {
    if (index === null) return;
    void send({ index, body: { ...data, ...focusLog.take(), requestId: newRequestId(), clientSentAt: new Date().toISOString() } });
  };

  const { answered: done, total: blockTotal } = state[block];
  const label = `${blockLabel(state)} ${Math.min(done + 1, blockTotal)} of ${blockTotal}`;
  const single = state.singleImage !== null;
  const progress = (
    <div className={styles.progress}>
      <div data-testid="progress">{label}</div>
      <div className={styles.bar}>
        <div style={{ width: `${(100 * done) / Math.max(1, blockTotal)}%` }} />
      </div>
    </div>
  );
  const feedback = step.kind === 'feedback' ? step.feedback : null;
  // Outside a running trial (no photo on screen, no answer on its way) the participant may withdraw.
  const canWithdraw = step.kind === 'intro' || step.kind === 'ready' || step.kind === 'feedback' || step.kind === 'failed';

  return (
    <main className={styles.stage} data-stage={state.stage} data-step={step.kind}>
      <ScreenHeading className={styles.srOnly} title={step.kind === 'intro' ? blockIntroTitle(state) : label}>
        {label}
      </ScreenHeading>
      {step.kind !== 'intro' && progress}
      {withdrawing ? (
        <WithdrawConfirm onConfirm={onWithdraw} onCancel={() => setWithdrawing(false)} />
      ) : (
        <>
          {step.kind === 'intro' && <BlockIntro state={state} onStart={() => setStep({ kind: 'ready', trial: null })} />}
          {step.kind === 'ready' && (
            <>
              <button type="button" className="primary" disabled={!step.trial} onClick={begin} data-testid={single ? 'show-photo' : 'show-pair'}>
                {step.trial ? (
                  <>
                    {single ? 'Show the photo' : 'Show the pair'} <span className={styles.kbd}>Space</span>
                  </>
                ) : (
                  'Loading…'
                )}
              </button>
              {state.fullscreen && !fullscreen && (
                <p data-testid="fullscreen-note">This study is done in full screen: it switches to full screen when you show the {single ? 'photo' : 'pair'}.</p>
              )}
            </>
          )}
          {step.kind === 'running' &&
            (step.trial.view.trialType === 'single-image' ? (
              <SingleImageRunner trial={step.trial as LoadedSingleImageTrial} onAnswer={onAnswer} />
            ) : (
              <TrialRunner trial={step.trial as LoadedTwoAfcTrial} onAnswer={onAnswer} />
            ))}
          {step.kind === 'saving' && <p className={styles.question}>Saving your answer…</p>}
        </>
      )}
      {/* A live region that is always on the page, so that screen readers announce the feedback when it appears in it.
          No timer: the participant moves on (Continue or Space) when ready. */}
      <div role="status" className={feedback && !withdrawing ? styles.feedback : styles.srOnly} data-testid={feedback && !withdrawing ? 'feedback' : undefined}>
        {feedback && !withdrawing && (
          <>
            <p className={styles.question}>{feedback.correct ? 'Correct!' : 'Not quite.'}</p>
            <p>
              {'wasReal' in feedback
                ? `This photo had its ${feedback.wasReal ? 'real' : 'fake'} colours.`
                : `The photo with fake colours was the ${state.presentation.mode === 'sequential' ? (feedback.fakeSide === 'left' ? 'first (left)' : 'second (right)') : feedback.fakeSide} one.`}
            </p>
          </>
        )}
      </div>
      {feedback && !withdrawing && (
        <button type="button" className="primary" onClick={finishFeedback}>
          Continue <span className={styles.kbd}>Space</span>
        </button>
      )}
      {step.kind === 'failed' && !withdrawing && (
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
      {canWithdraw && !withdrawing && <WithdrawButton onOpen={() => setWithdrawing(true)} />}
    </main>
  );
}
