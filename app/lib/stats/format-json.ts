/**
 * The analysis as JSON: the StudyAnalysis object itself (see study-analysis.ts for every
 * field), indented, with a trailing newline. Key order is fixed by analyseStudy, so the same
 * data and seed give byte-identical files.
 */
import type { StudyAnalysis } from './study-analysis';

export function formatJson(a: StudyAnalysis): string {
  return JSON.stringify(a, null, 2) + '\n';
}
