/**
 * How the session stages of the schema group for a researcher: finished (complete),
 * stopped by us (screened-out), given up (returned: consent declined, or withdrawn during the
 * study) and everything else still under way.
 */
import type { SessionStage } from '../study/vocabulary';

export interface StageCounts {
  /** every session ever started */
  started: number;
  completed: number;
  screenedOut: number;
  /** consent declined or withdrawn */
  returned: number;
  /** consent, instructions, practice, test or debrief */
  inProgress: number;
}

export const EMPTY_STAGE_COUNTS: StageCounts = { started: 0, completed: 0, screenedOut: 0, returned: 0, inProgress: 0 };

/** Adds `count` sessions at `stage` to `into` (unknown stages count as in progress). */
export function addStage(into: StageCounts, stage: string, count: number): StageCounts {
  const key = ({ complete: 'completed', 'screened-out': 'screenedOut', returned: 'returned', withdrawn: 'returned' } as Partial<Record<SessionStage, keyof StageCounts>>)[
    stage as SessionStage
  ];
  return { ...into, started: into.started + count, [key ?? 'inProgress']: into[key ?? 'inProgress'] + count };
}
