/**
 * The learning rate at each step: `constant` (Zhang's solver kept 3e-5 for long stretches),
 * or `cosine` (Loshchilov & Hutter 2017, "SGDR", without restarts): a linear warm-up over
 * `warmup` steps, then lr · (f + (1 − f) · (1 + cos(π · progress)) / 2) down to f = `lrFinal`
 * of it at the run's last step. Short CPU runs gain most from a high rate early and a low
 * one at the end, which a constant rate cannot give both.
 */
export interface LrScheduleConfig {
  lr: number;
  lrSchedule: string;
  lrFinal: number;
  warmup: number;
  steps: number;
}

export const LR_SCHEDULES = ['constant', 'cosine'] as const;

/** The rate for update number `step` (1-based, as the loop counts). */
export function learningRate(c: LrScheduleConfig, step: number): number {
  if (c.warmup > 0 && step <= c.warmup) return (c.lr * step) / c.warmup;
  if (c.lrSchedule === 'constant') return c.lr;
  const span = Math.max(1, c.steps - c.warmup);
  const progress = Math.min(1, Math.max(0, (step - c.warmup) / span));
  return c.lr * (c.lrFinal + (1 - c.lrFinal) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}
