/**
 * The studies list: one line per study with what a researcher checks at a glance.
 */
import type { Db } from '../db/client';
import { addStage, EMPTY_STAGE_COUNTS, type StageCounts } from './session-stages';

export interface StudyListEntry {
  id: string;
  name: string;
  protocol: string;
  status: string;
  createdAt: Date;
  /** names of the methods under test, in config order (attention checks left out) */
  methods: string[];
  sessions: StageCounts;
  /** answered trials of every kind */
  responses: number;
  /** latest of: a participant's last request, an answer, the study's creation */
  lastActivity: Date;
}

export async function listStudies(db: Db): Promise<StudyListEntry[]> {
  const [studies, stages, seen] = await Promise.all([
    db.study.findMany({
      orderBy: { createdAt: 'desc' },
      select: {
        id: true,
        name: true,
        protocol: true,
        status: true,
        createdAt: true,
        methods: { where: { kind: 'method' }, orderBy: { position: 'asc' }, select: { name: true } },
      },
    }),
    db.session.groupBy({ by: ['studyId', 'stage'], _count: { _all: true } }),
    db.session.groupBy({ by: ['studyId'], _max: { lastSeenAt: true } }),
  ]);
  return Promise.all(
    studies.map(async (s) => {
      const [responses, lastAnswer] = await Promise.all([
        db.response.count({ where: { trial: { session: { studyId: s.id } } } }),
        db.response.aggregate({ where: { trial: { session: { studyId: s.id } } }, _max: { createdAt: true } }),
      ]);
      const sessions = stages.filter((g) => g.studyId === s.id).reduce((acc, g) => addStage(acc, g.stage, g._count._all), EMPTY_STAGE_COUNTS);
      const times = [s.createdAt, seen.find((g) => g.studyId === s.id)?._max.lastSeenAt, lastAnswer._max.createdAt].filter((t): t is Date => !!t);
      return {
        id: s.id,
        name: s.name,
        protocol: s.protocol,
        status: s.status,
        createdAt: s.createdAt,
        methods: s.methods.map((m) => m.name),
        sessions,
        responses,
        lastActivity: new Date(Math.max(...times.map((t) => t.getTime()))),
      };
    }),
  );
}
