/**
 * The study config's `quality` section: the gates beyond the attention rule. Fast answers are
 * always flagged; with `maxFastShare` they also exclude a participant, like the attention rule
 * (the rule itself: app/lib/stats/fast-answers.ts). `fullscreen` asks participants to take the
 * trials in full screen; leaving it, like leaving the tab, is counted per trial and exported.
 */
import { z } from 'zod';
import { DEFAULT_MIN_RT_MS } from '../stats/fast-answers';

export const QualityConfigSchema = z.strictObject({
  /** Test-block answers faster than this (ms from the options' onset) count as fast: flagged on the Participants page. */
  minRtMs: z.number().min(0).max(10_000).default(DEFAULT_MIN_RT_MS),
  /** Participants with more than this share of their test-block answers fast are excluded from the
   *  analysis and put on the reject list (e.g. 0.2). Absent: fast answers are flagged only. */
  maxFastShare: z.number().min(0).max(1).optional(),
  /** Ask for full screen during the trials (each trial's exits are recorded); off by default. */
  fullscreen: z.boolean().default(false),
});

export type QualityConfig = z.output<typeof QualityConfigSchema>;
