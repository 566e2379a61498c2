/**
 * The study config as stored in Study.config (the validated config, JSON). Read leniently:
 * a config written by an older version, or by hand, must not take the researcher's pages
 * down, so an unreadable one yields null and the pages fall back to the defaults.
 */
import type { FastAnswerRule } from '../stats/fast-answers';
import { StudyConfigSchema, type StudyConfig } from '../study/config';

export function readStoredConfig(json: string): StudyConfig | null {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = StudyConfigSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** The config's attention threshold, or the config schema's own default when it cannot be read. */
export function attentionThresholdOf(config: StudyConfig | null): number {
  return (config?.attention ?? StudyConfigSchema.shape.attention.parse(undefined)).minAccuracy;
}

/** The config's fast-answer rule (quality.minRtMs, quality.maxFastShare), or the defaults (flag only) when it cannot be read. */
export function fastRuleOf(config: StudyConfig | null): FastAnswerRule {
  const quality = config?.quality ?? StudyConfigSchema.shape.quality.parse(undefined);
  return { minRtMs: quality.minRtMs, maxFastShare: quality.maxFastShare ?? null };
}
