/**
 * What participants read. Plain, short sentences; nothing about the methods under test,
 * and no hint of which photo in a pair is which.
 */
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
