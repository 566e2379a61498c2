'use client';
/**
 * The screen between two blocks of trials (practice or tutorial -> qualification -> test): what
 * the participant has finished and what comes now. Also the names of the blocks in the
 * progress line.
 */
import type { SessionState } from '../../lib/session/api-types';

/** Whether a block is starting after an earlier one (so there is something to say between them). */
export function blockIntro(state: SessionState): boolean {
  if (state.stage === 'qualification') return state.qualification.answered === 0 && state.practice.total > 0;
  if (state.stage === 'test') return state.test.answered === 0 && state.practice.total + state.qualification.total > 0;
  return false;
}

/** The progress line's name for the current block: "Practice", "Tutorial", "Qualification", "Pair", "Photo". */
export function blockLabel(state: SessionState): string {
  const single = state.singleImage !== null;
  if (state.stage === 'practice') return single ? 'Tutorial' : 'Practice';
  if (state.stage === 'qualification') return 'Qualification';
  return single ? 'Photo' : 'Pair';
}

/** The heading of the screen between blocks (also its document title). */
export function blockIntroTitle(state: SessionState): string {
  if (state.stage === 'qualification') return 'The tutorial is over';
  if (state.qualification.total > 0) return 'You passed the qualification';
  return state.singleImage !== null ? 'The tutorial is over' : 'The practice is over';
}

export function BlockIntro({ state, onStart }: { state: SessionState; onStart: () => void }) {
  const single = state.singleImage !== null;
  const title = blockIntroTitle(state);
  let text: string;
  if (state.stage === 'qualification') {
    text = `Next come ${state.qualification.total} qualification photos, without feedback. To go on to the study itself you need to judge most of them correctly, so look carefully.`;
  } else if (state.qualification.total > 0) {
    text = `Now come the ${state.test.total} photos of the study. You will not be told whether you were right: just give your best guess each time.`;
  } else {
    text = `Now come the real ${single ? 'photos' : 'pairs'}. From here on you will not be told whether you were right: just give your best guess each time.`;
  }
  return (
    <div style={{ maxWidth: '34rem', textAlign: 'center' }} data-testid="block-intro">
      <h2>{title}</h2>
      <p>{text}</p>
      <button type="button" className="primary" onClick={onStart}>
        Start
      </button>
    </div>
  );
}
