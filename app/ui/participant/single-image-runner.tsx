'use client';
/**
 * Runs one single-image trial (app/lib/trial-types/single-image.ts): the image for its
 * exposure, then a pattern mask in its place, then the "real or fake?" buttons; or, without
 * an exposure, the image and the buttons together until the answer. As in the 2AFC runner,
 * each change is made on the DOM inside a requestAnimationFrame callback and timed with that
 * frame's timestamp, so the recorded onsets and offsets are those of the frames that showed
 * them; the image is switched off in the frame closest to the requested exposure (within half
 * a frame), so the achieved exposure is a whole number of frames as near the request as the
 * display allows.
 *
 * The mask is coarse blocks of random colours over the image's area (a pattern mask): it
 * replaces the image's colours and edges at once, which ends their visible persistence.
 */
import { useEffect, useRef } from 'react';
import { seededRandom } from '../../lib/random';
import { singleImageSchedule, type SingleImageData, type SingleImagePhase, type SingleImageTiming } from '../../lib/trial-types/single-image';
import type { SingleImageChoice } from '../../lib/study/vocabulary';
import styles from './participant.module.css';
import type { LoadedSingleImageTrial } from './preload';
import { listenForAnswerKeys } from './answer-keys';
import { useTrialAnswer } from './use-trial-answer';
import { runFrameSchedule } from './frame-schedule';
import { SINGLE_IMAGE_KEYS, SINGLE_IMAGE_QUESTION } from './texts';

const MASK_CELL_PX = 8;


function paintMask(canvas: HTMLCanvasElement, seed: number): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const random = seededRandom(seed);
  for (let y = 0; y < canvas.height; y += MASK_CELL_PX) {
    for (let x = 0; x < canvas.width; x += MASK_CELL_PX) {
      ctx.fillStyle = `rgb(${Math.floor(random() * 256)},${Math.floor(random() * 256)},${Math.floor(random() * 256)})`;
      ctx.fillRect(x, y, MASK_CELL_PX, MASK_CELL_PX);
    }
  }
}

export function SingleImageRunner({ trial, onAnswer }: { trial: LoadedSingleImageTrial; onAnswer: (data: SingleImageData) => void }) {
  const slotRef = useRef<HTMLDivElement>(null);
  const maskRef = useRef<HTMLCanvasElement>(null);
  const { optionsRef, questionRef, timing, showOptions, answer } = useTrialAnswer<SingleImageChoice, SingleImageTiming>({ firstOnsetMs: null, firstOffsetMs: null, maskOnsetMs: null, maskOffsetMs: null, optionsOnsetMs: null, frameMs: null }, onAnswer);

  useEffect(() => {
    const { images, view } = trial;
    const img = images[0];
    img.style.visibility = 'hidden';
    slotRef.current!.replaceChildren(img);
    const mask = maskRef.current!;
    mask.style.visibility = 'hidden';
    paintMask(mask, view.index);
    if (view.exposureMs === null && view.exposurePending) throw new Error(`trial ${view.index} was started before its exposure was decided`);
    const phases = singleImageSchedule({ exposureMs: view.exposureMs, maskMs: view.maskMs });
    let imageOn = false;
    let maskOn = false;
    const apply = (p: SingleImagePhase, t: number, ts: number, frameMs: number | null) => {
      if (p.image !== imageOn) {
        img.style.visibility = p.image ? 'visible' : 'hidden';
        timing.current[p.image ? 'firstOnsetMs' : 'firstOffsetMs'] = t;
        imageOn = p.image;
      }
      if (p.mask !== maskOn) {
        mask.style.visibility = p.mask ? 'visible' : 'hidden';
        timing.current[p.mask ? 'maskOnsetMs' : 'maskOffsetMs'] = t;
        maskOn = p.mask;
      }
      if (p.options) showOptions(SINGLE_IMAGE_QUESTION, t, ts, frameMs);
    };
    const cancel = runFrameSchedule(phases, apply);

    const stopKeys = listenForAnswerKeys(SINGLE_IMAGE_KEYS, { ArrowLeft: 'real', ArrowRight: 'fake' }, answer);
    return () => {
      cancel();
      stopKeys();
    };
    // A new trial object is a new run; everything else used here is a ref.
  }, [trial]);

  const img = trial.images[0];
  return (
    <>
      <div className={styles.single} style={{ width: img.naturalWidth, height: img.naturalHeight }}>
        <div ref={slotRef} className={styles.slot} data-slot={0} />
        <canvas ref={maskRef} className={styles.mask} width={img.naturalWidth} height={img.naturalHeight} data-testid="mask" aria-hidden="true" />
      </div>
      <div ref={questionRef} className={styles.question} />
      <div ref={optionsRef} className={styles.options} data-testid="options">
        {/* Not `disabled` in React props (see trial-runner.tsx): hidden until the frame that shows them. */}
        <button type="button" onClick={(e) => answer('real', e.timeStamp)}>
          Real <span className={styles.kbd}>{SINGLE_IMAGE_KEYS.real}</span>
        </button>
        <button type="button" onClick={(e) => answer('fake', e.timeStamp)}>
          Fake <span className={styles.kbd}>{SINGLE_IMAGE_KEYS.fake}</span>
        </button>
      </div>
    </>
  );
}
