/**
 * Steps a trial's presentation schedule frame by frame with requestAnimationFrame, shared by
 * the 2AFC and single-image runners. The trial starts at a blank frame; the first phase is
 * applied in the next frame, and each later phase in the frame closest to the end of the
 * previous one's duration (within half a frame), so achieved durations are whole frames as
 * near the request as the display allows. `apply` makes its DOM changes inside the frame
 * callback, so the timestamp it gets is that of the frame that shows them.
 */

export interface TimedPhase {
  /** How long the phase lasts; null = until the answer. */
  durationMs: number | null;
  /** The phase that shows the response options ends the schedule. */
  options: boolean;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Milliseconds rounded to 0.01, as recorded. */
export const roundMs = (x: number) => Math.round(x * 100) / 100;

/**
 * Runs `phases`; `apply(phase, t, ts, frameMs)` gets the phase, its onset in ms after the
 * blank start frame, the frame's own timestamp, and the median frame interval so far.
 * Returns a function that cancels the schedule.
 */
export function runFrameSchedule<P extends TimedPhase>(phases: readonly P[], apply: (phase: P, t: number, ts: number, frameMs: number | null) => void): () => void {
  const deltas: number[] = [];
  let start: number | null = null;
  let last: number | null = null;
  let phase = -1;
  let phaseStart = 0;
  let raf = 0;
  const frame = (ts: number) => {
    // A callback with the previous frame's timestamp is not a new frame (headless and busy
    // browsers can run two in one frame): nothing new has been shown yet, so wait for one.
    if (last !== null && ts <= last) {
      raf = requestAnimationFrame(frame);
      return;
    }
    if (last !== null) deltas.push(ts - last);
    last = ts;
    if (start === null) {
      start = ts; // the blank frame the trial starts on
    } else if (phase === -1) {
      phase = 0;
      phaseStart = ts;
      apply(phases[0], roundMs(ts - start), ts, median(deltas));
    } else {
      const duration = phases[phase].durationMs;
      const frameMs = median(deltas) ?? 1000 / 60;
      if (duration !== null && ts - phaseStart >= duration - frameMs / 2) {
        phase += 1;
        phaseStart = ts;
        apply(phases[phase], roundMs(ts - start), ts, median(deltas));
      }
    }
    if (phase === -1 || !phases[phase].options) raf = requestAnimationFrame(frame);
  };
  raf = requestAnimationFrame(frame);
  return () => cancelAnimationFrame(raf);
}
