/**
 * A study's progress: sessions by stage, and per method how many sessions finished and
 * how many test trials are answered (the numbers that tell when to stop recruiting).
 */
import type { Db } from '../db/client';
import type { StudyConfig } from '../study/config';
import { SESSION_STAGES } from '../study/vocabulary';
import { addStage, EMPTY_STAGE_COUNTS, type StageCounts } from './session-stages';
import { readStoredConfig } from './stored-config';

export interface MethodProgress {
  method: string;
  kind: string;
  /** sessions assigned to this method (one-method assignment); zero when sessions are mixed */
  sessions: StageCounts;
  /** answered test trials showing this method, from every session */
  testAnswered: number;
  /** of those, from completed sessions */
  testAnsweredCompleted: number;
  /** answered attention trials (the attention-check method only) */
  attentionAnswered: number;
}

export interface StudyProgress {
  study: { id: string; name: string; protocol: string; status: string; createdAt: Date; seed: number };
  /** the validated config, or null when the stored one cannot be read */
  config: StudyConfig | null;
  /** the stored config, pretty-printed, exactly as stored */
  configText: string;
  images: number;
  sessions: StageCounts;
  /** sessions at each stage, in the order a participant goes through them */
  byStage: { stage: string; count: number }[];
  /** methods under test first (config order), then the attention-check method */
  methods: MethodProgress[];
  /** sessions that test every method (mixed assignment) */
  mixedSessions: StageCounts;
  responses: number;
  lastActivity: Date;
}

function prettyConfig(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export async function loadStudyProgress(db: Db, studyId: string): Promise<StudyProgress | null> {
  const study = await db.study.findUnique({
    where: { id: studyId },
    select: {
      id: true,
      name: true,
      protocol: true,
      status: true,
      createdAt: true,
      seed: true,
      config: true,
      methods: { orderBy: [{ kind: 'desc' }, { position: 'asc' }], select: { id: true, name: true, kind: true } },
      _count: { select: { images: true } },
    },
  });
  if (!study) return null;
  const answered = { session: { studyId }, response: { isNot: null } } as const;
  const [stages, trialCounts, completedCounts, responses, seen, lastAnswer] = await Promise.all([
    db.session.groupBy({ by: ['methodId', 'stage'], where: { studyId }, _count: { _all: true } }),
    db.trial.groupBy({ by: ['methodId', 'kind'], where: answered, _count: { _all: true } }),
    db.trial.groupBy({ by: ['methodId'], where: { kind: 'test', session: { studyId, stage: 'complete' }, response: { isNot: null } }, _count: { _all: true } }),
    db.response.count({ where: { trial: { session: { studyId } } } }),
    db.session.aggregate({ where: { studyId }, _max: { lastSeenAt: true } }),
    db.response.aggregate({ where: { trial: { session: { studyId } } }, _max: { createdAt: true } }),
  ]);
  const countTrials = (methodId: string, kind: string) =>
    trialCounts.find((g) => g.methodId === methodId && g.kind === kind)?._count._all ?? 0;
  const methods = study.methods.map((m) => ({
    method: m.name,
    kind: m.kind,
    sessions: stages.filter((g) => g.methodId === m.id).reduce((acc, g) => addStage(acc, g.stage, g._count._all), EMPTY_STAGE_COUNTS),
    testAnswered: countTrials(m.id, 'test'),
    testAnsweredCompleted: completedCounts.find((g) => g.methodId === m.id)?._count._all ?? 0,
    attentionAnswered: countTrials(m.id, 'attention'),
  }));
  const stageTotals = new Map<string, number>();
  for (const g of stages) stageTotals.set(g.stage, (stageTotals.get(g.stage) ?? 0) + g._count._all);
  const known = new Set<string>(SESSION_STAGES);
  const times = [study.createdAt, seen._max.lastSeenAt, lastAnswer._max.createdAt].filter((t): t is Date => !!t);
  return {
    study: { id: study.id, name: study.name, protocol: study.protocol, status: study.status, createdAt: study.createdAt, seed: study.seed },
    config: readStoredConfig(study.config),
    configText: prettyConfig(study.config),
    images: study._count.images,
    sessions: stages.reduce((acc, g) => addStage(acc, g.stage, g._count._all), EMPTY_STAGE_COUNTS),
    byStage: [...SESSION_STAGES, ...[...stageTotals.keys()].filter((s) => !known.has(s)).sort()].map((stage) => ({ stage, count: stageTotals.get(stage) ?? 0 })),
    methods,
    mixedSessions: stages.filter((g) => g.methodId === null).reduce((acc, g) => addStage(acc, g.stage, g._count._all), EMPTY_STAGE_COUNTS),
    responses,
    lastActivity: new Date(Math.max(...times.map((t) => t.getTime()))),
  };
}
