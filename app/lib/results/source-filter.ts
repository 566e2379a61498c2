/**
 * Which sessions the results count, by how their participant came. By default only real
 * participants (a recruitment platform or a direct link): the researcher's preview and the
 * simulator are kept out, and shown only when asked for (`?sources=all` on the pages and
 * downloads, `--sources all` for `npm run stats`).
 */
import { TRIAL_SOURCES, type TrialSource } from '../trials/trial-row';

export const REAL_SOURCES: readonly TrialSource[] = ['prolific', 'mturk', 'direct'];

export class SourceFilterError extends Error {}

/** Reads "all", or a comma-separated list of sources; null or empty is the default (real participants). */
export function parseSourceFilter(value: string | null | undefined): readonly TrialSource[] {
  const text = value?.trim();
  if (!text) return REAL_SOURCES;
  if (text === 'all') return TRIAL_SOURCES;
  const names = text.split(',').map((s) => s.trim());
  const bad = names.filter((n) => !(TRIAL_SOURCES as readonly string[]).includes(n));
  if (bad.length) throw new SourceFilterError(`unknown source ${bad.map((b) => `"${b}"`).join(', ')}: use "all" or a list of ${TRIAL_SOURCES.join(', ')}`);
  return TRIAL_SOURCES.filter((s) => names.includes(s));
}

/** The filter as the query value that gives it back ("" for the default). */
export function sourceFilterParam(sources: readonly TrialSource[]): string {
  if (sources.length === REAL_SOURCES.length && REAL_SOURCES.every((s) => sources.includes(s))) return '';
  if (sources.length === TRIAL_SOURCES.length) return 'all';
  return sources.join(',');
}
