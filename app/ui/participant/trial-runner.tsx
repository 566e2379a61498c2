'use client';
/**
 * Runs one 2AFC trial: steps through the presentation schedule (app/lib/trial-types/two-afc.ts)
 * frame by frame with requestAnimationFrame, and records the timestamp of the frame in which
 * each image became visible or hidden and in which the response options appeared. Visibility
 * is switched on the DOM directly inside the frame callback (not through React state), so the
 * recorded frame is the frame that shows the change. The trial starts at a blank frame; all
 * times are ms after it. The response time runs from the options' onset to the key press or
 * click (event timestamps share performance.now()'s clock).
 */
import { useEffect, useRef } from 'react';
import { schedule, type Phase, type Timing, type TwoAfcData } from '../../lib/trial-types/two-afc';
import type { Side } from '../../lib/study/vocabulary';
import styles from './participant.module.css';
import type { LoadedTwoAfcTrial } from './preload';
import { listenForAnswerKeys } from './answer-keys';
import { useTrialAnswer } from './use-trial-answer';
import { runFrameSchedule } from './frame-schedule';
import { KEYS, QUESTION } from './texts';

const ONSET = ['firstOnsetMs', 'secondOnsetMs'] as const;
const OFFSET = ['firstOffsetMs', 'secondOffsetMs'] as const;


export function TrialRunner({ trial, onAnswer }: { trial: LoadedTwoAfcTrial; onAnswer: (data: TwoAfcData) => void }) {
  const slotRefs = [useRef<HTMLDivElement>(null), useRef<HTMLDivElement>(null)];
  const { optionsRef, questionRef, timing, showOptions, answer } = useTrialAnswer<Side, Timing>({ firstOnsetMs: null, firstOffsetMs: null, secondOnsetMs: null, secondOffsetMs: null, optionsOnsetMs: null, frameMs: null }, onAnswer);

  useEffect(() => {
    const { images, view } = trial;
    images.forEach((img, i) => {
      img.style.visibility = 'hidden';
      slotRefs[i].current!.replaceChildren(img);
    });
    const phases = schedule(view.presentation);
    const shown = new Set<number>();
    const apply = (p: Phase, t: number, ts: number, frameMs: number | null) => {
      for (const slot of [0, 1] as const) {
        const visible = p.visible.includes(slot);
        if (visible && !shown.has(slot)) {
          images[slot].style.visibility = 'visible';
          shown.add(slot);
          timing.current[ONSET[slot]] = t;
        } else if (!visible && shown.has(slot)) {
          images[slot].style.visibility = 'hidden';
          shown.delete(slot);
          timing.current[OFFSET[slot]] = t;
        }
      }
      if (p.options) showOptions(QUESTION, t, ts, frameMs);
    };
    const cancel = runFrameSchedule(phases, apply);

    const stopKeys = listenForAnswerKeys(KEYS, { ArrowLeft: 'left', ArrowRight: 'right' }, answer);
    return () => {
      cancel();
      stopKeys();
    };
    // A new trial object is a new run; everything else used here is a ref.
  }, [trial]);

  const [a, b] = trial.images;
  const sequential = trial.view.presentation.mode === 'sequential';
  return (
    <>
      <div className={styles.pair}>
        {[a, b].map((img, i) => (
          <div key={i} ref={slotRefs[i]} className={styles.slot} style={{ width: img.naturalWidth, height: img.naturalHeight }} data-slot={i} />
        ))}
      </div>
      <div ref={questionRef} className={styles.question} />
      <div ref={optionsRef} className={styles.options} data-testid="options">
        {/* Not `disabled` in React props: React drops clicks on elements its props call disabled, and
            the options are switched on in a frame callback. Hidden until then, and answer() ignores early input. */}
        <button type="button" onClick={(e) => answer('left', e.timeStamp)}>
          {sequential ? 'First (left)' : 'Left'} <span className={styles.kbd}>{KEYS.left}</span>
        </button>
        <button type="button" onClick={(e) => answer('right', e.timeStamp)}>
          {sequential ? 'Second (right)' : 'Right'} <span className={styles.kbd}>{KEYS.right}</span>
        </button>
      </div>
    </>
  );
}
