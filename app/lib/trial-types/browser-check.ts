/**
 * The browser check (jsPsych's browser-check plugin, reduced to what this protocol needs):
 * the window must be at least the study's minimum size, and the device must not be a phone or
 * a touch-only device (photos too small, no keyboard; SPEC "What users … ask for"). The
 * browser records what it sees; the server decides with `evaluateBrowserCheck` and stores
 * the record with the session (Session.client).
 */
import { z } from 'zod';
import type { RandomSource } from '../random';
import type { TrialType } from './trial-type';

const px = z.number().min(0).max(100_000);

export const BrowserCheckParamsSchema = z.strictObject({
  minWindow: z.strictObject({ width: z.number().int().min(0), height: z.number().int().min(0) }),
});
export type BrowserCheckParams = z.output<typeof BrowserCheckParamsSchema>;

export const BrowserCheckDataSchema = z.strictObject({
  userAgent: z.string().max(1000),
  windowWidth: px,
  windowHeight: px,
  screenWidth: px,
  screenHeight: px,
  devicePixelRatio: z.number().min(0).max(16),
  /** Measured display refresh rate (median requestAnimationFrame interval), null if not measured. */
  refreshHz: z.number().min(0).max(1000).nullable(),
  /** No fine pointer (mouse, trackpad) at all: matchMedia('(any-pointer: fine)') is false. */
  touchOnly: z.boolean(),
  /** The participant said the window cannot be made larger (sent with a too-small window). */
  gaveUp: z.boolean().optional(),
});
export type BrowserCheckData = z.output<typeof BrowserCheckDataSchema>;

export type BrowserCheckVerdict =
  | { ok: true }
  | { ok: false; reason: 'phone' | 'touch-only' | 'window'; message: string };

/** Phones announce themselves in the user agent ("Mobi" is Mozilla's advice for detecting them). */
export function isPhoneUserAgent(userAgent: string): boolean {
  return /Mobi|iPhone|iPod|Android.*Mobile|Windows Phone/i.test(userAgent);
}

export function evaluateBrowserCheck(data: BrowserCheckData, params: BrowserCheckParams): BrowserCheckVerdict {
  if (isPhoneUserAgent(data.userAgent)) {
    return { ok: false, reason: 'phone', message: 'This study cannot be done on a phone: it needs a computer with a larger screen.' };
  }
  if (data.touchOnly) {
    return { ok: false, reason: 'touch-only', message: 'This study needs a computer with a mouse or trackpad and a keyboard; touch-only devices cannot take part.' };
  }
  const { width, height } = params.minWindow;
  if (data.windowWidth < width || data.windowHeight < height) {
    return {
      ok: false,
      reason: 'window',
      message: `This study needs a browser window of at least ${width} x ${height} pixels; yours is ${Math.floor(data.windowWidth)} x ${Math.floor(data.windowHeight)}.`,
    };
  }
  return { ok: true };
}

export const browserCheck: TrialType<typeof BrowserCheckParamsSchema, typeof BrowserCheckDataSchema, null, { desktop: boolean }> = {
  name: 'browser-check',
  description: 'Window size, device kind and refresh rate, checked before the practice trials.',
  parameters: BrowserCheckParamsSchema,
  data: BrowserCheckDataSchema,
  simulate(params, _truth, behaviour, random: RandomSource) {
    const width = Math.max(params.minWindow.width, 1280);
    const height = Math.max(params.minWindow.height, 800);
    if (!behaviour.desktop) {
      return {
        userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 (simulated)',
        windowWidth: 390, windowHeight: 844, screenWidth: 390, screenHeight: 844,
        devicePixelRatio: 3, refreshHz: 60, touchOnly: true,
      };
    }
    return {
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) colorization-turing-test simulated participant',
      windowWidth: width + Math.floor(random() * 200),
      windowHeight: height + Math.floor(random() * 100),
      screenWidth: 1920, screenHeight: 1080,
      devicePixelRatio: 1, refreshHz: 60, touchOnly: false,
    };
  },
};
