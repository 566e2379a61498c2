/**
 * What participants read. Plain, short sentences; nothing about the methods under test,
 * and no hint of which photo in a pair is which.
 */
import type { SingleImageDisplay } from '../../lib/session/api-types';
import type { PresentationParams } from '../../lib/trial-types/two-afc';

export function estimatedMinutes(trials: number, p: PresentationParams): number {
  // Per trial: the display itself, about 2 s to answer, 1 s to move on; plus 3 minutes of reading.
  const display = p.mode === 'sequential' ? 2 * p.exposureMs + p.gapMs : p.mode === 'side-by-side' ? p.exposureMs : 3000;
  return Math.max(2, Math.round((trials * (display + 3000)) / 60_000 + 3));
}

export function taskSentence(p: PresentationParams): string {
  const seconds = (ms: number) => `${(ms / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} second${ms === 1000 ? '' : 's'}`;
  switch (p.mode) {
    case 'sequential':
      return `In each trial you see two versions of the same photo, one after the other: the first on the left for ${seconds(p.exposureMs)}, then the second on the right for ${seconds(p.exposureMs)}.`;
    case 'side-by-side':
      return `In each trial you see two versions of the same photo side by side, for ${seconds(p.exposureMs)}.`;
    case 'unlimited':
      return 'In each trial you see two versions of the same photo side by side, for as long as you like.';
  }
}

export const QUESTION = 'Which photo has fake colours?';

export const KEYS = { left: 'F', right: 'J' } as const;

export const SINGLE_IMAGE_QUESTION = 'Real or fake colours?';

/** R for real, F for fake (the buttons show the letters; ← and → work too, in the buttons' order). */
export const SINGLE_IMAGE_KEYS = { real: 'R', fake: 'F' } as const;

export function singleImageTaskSentence(d: SingleImageDisplay): string {
  if (!d.timed) return 'In each trial you see one photo, for as long as you like.';
  const range = d.minMs !== null && d.maxMs !== null ? ` (between ${d.minMs / 1000} and ${d.maxMs / 1000} seconds)` : '';
  return `In each trial you see one photo, very briefly${range}, followed by a pattern of coloured squares. The time adapts to your answers: it gets shorter when you answer well and longer when you do not, so expect some photos to flash by.`;
}

export function singleImageMinutes(trials: number, d: SingleImageDisplay): number {
  // Per trial: the display (at most the longest exposure plus the mask), about 2 s to answer, 1 s to move on; plus 4 minutes of reading.
  const display = d.timed ? (d.maxMs ?? 1000) + d.maskMs : 3000;
  return Math.max(2, Math.round((trials * (display + 3000)) / 60_000 + 4));
}
