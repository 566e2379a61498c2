/**
 * The analysis as JSON: the StudyAnalysis object itself (see study-analysis.ts for every
 * field), indented, with a trailing newline. Key order is fixed by analyseStudy, so the same
 * data and seed give byte-identical files.
 */
import type { HypeAnalysis } from './hype-analysis';
import type { StudyAnalysis } from './study-analysis';

/** Also for a single-image study's HypeAnalysis (hype-analysis.ts). */
export function formatJson(a: StudyAnalysis | HypeAnalysis): string {
  return JSON.stringify(a, null, 2) + '\n';
}
