/**
 * Matching a method's folder to the real photos by stem. The real folder defines the
 * study's images: a method must provide every one of them (a missing colorization is an
 * error), while images a method has beyond them are ignored with a warning (method
 * folders often hold a whole validation set, of which a study uses some photos).
 */
import { listNames } from './errors';

export interface MatchResult {
  /** stem -> file of the method, for every real stem the method has. */
  files: Map<string, string>;
  /** Real stems the method lacks: an error. */
  missing: string[];
  /** Method stems with no real photo: a warning. */
  extra: string[];
}

export function matchStems(real: ReadonlyMap<string, string>, method: ReadonlyMap<string, string>): MatchResult {
  const files = new Map<string, string>();
  const missing: string[] = [];
  for (const stem of real.keys()) {
    const file = method.get(stem);
    if (file) files.set(stem, file);
    else missing.push(stem);
  }
  const extra = [...method.keys()].filter((stem) => !real.has(stem));
  return { files, missing, extra };
}

/** The error for missing colorizations, naming up to 10 and hinting at names that differ only in case. */
export function missingMessage(role: string, dir: string, result: MatchResult, realCount: number): string {
  const { missing, extra } = result;
  let text = `${role} lacks ${missing.length} of the ${realCount} real photos in ${dir}: ${listNames(missing)}`;
  const lowerExtra = new Map(extra.map((s) => [s.toLowerCase(), s]));
  const caseOnly = missing.filter((s) => lowerExtra.has(s.toLowerCase())).map((s) => `${lowerExtra.get(s.toLowerCase())} vs ${s}`);
  if (caseOnly.length) text += ` (names must match exactly, case included: ${listNames(caseOnly, 3)})`;
  return text;
}

/** The warning for images a method has beyond the real photos. */
export function extraMessage(role: string, dir: string, extra: readonly string[]): string {
  return `${role}: ${extra.length} image(s) in ${dir} have no real photo and are ignored: ${listNames(extra)}`;
}
