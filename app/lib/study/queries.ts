/**
 * Small read helpers over studies, for pages, route handlers and scripts. Plain async
 * functions taking a Db; no image processing here (keeps sharp out of the Next.js bundle).
 */
import type { Db } from '../db/client';
import { StudyConfigSchema, type StudyConfig } from './config';
import type { MethodKind } from './vocabulary';

export interface StudyMethod {
  id: string;
  name: string;
  kind: MethodKind;
  position: number;
  /** Objective metrics from `npm run evaluate` (auc, psnr, ...), or null. */
  metrics: Record<string, number> | null;
}

export interface StudyDetails {
  id: string;
  name: string;
  protocol: string;
  status: string;
  seed: number;
  createdAt: Date;
  config: StudyConfig;
  /** In config order; the attention-check method last. */
  methods: StudyMethod[];
  images: number;
}

export interface StudyListItem {
  id: string;
  name: string;
  protocol: string;
  status: string;
  createdAt: Date;
  images: number;
  /** Methods under test (not the attention check), in config order. */
  methods: string[];
  sessions: { started: number; completed: number };
}

/** The config stored in Study.config (paths already absolute), validated again on the way out. */
export function parseStoredConfig(json: string): StudyConfig {
  return StudyConfigSchema.parse(JSON.parse(json));
}

function parseMetrics(json: string | null): Record<string, number> | null {
  if (!json) return null;
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, number>) : null;
  } catch {
    return null;
  }
}

/** One study with its config and methods, or null when there is none with that id. */
export async function getStudy(db: Db, id: string): Promise<StudyDetails | null> {
  const study = await db.study.findUnique({
    where: { id },
    include: { methods: { orderBy: { position: 'asc' } }, _count: { select: { images: true } } },
  });
  if (!study) return null;
  return {
    id: study.id,
    name: study.name,
    protocol: study.protocol,
    status: study.status,
    seed: study.seed,
    createdAt: study.createdAt,
    config: parseStoredConfig(study.config),
    methods: study.methods.map((m) => ({
      id: m.id,
      name: m.name,
      kind: m.kind as MethodKind,
      position: m.position,
      metrics: parseMetrics(m.metrics),
    })),
    images: study._count.images,
  };
}

/** Every study, newest first, with counts for a list page. */
export async function listStudies(db: Db): Promise<StudyListItem[]> {
  const studies = await db.study.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    include: {
      methods: { where: { kind: 'method' }, orderBy: { position: 'asc' }, select: { name: true } },
      _count: { select: { images: true, sessions: true } },
    },
  });
  const completed = await db.session.groupBy({ by: ['studyId'], where: { stage: 'complete' }, _count: { _all: true } });
  const completedBy = new Map(completed.map((c) => [c.studyId, c._count._all]));
  return studies.map((s) => ({
    id: s.id,
    name: s.name,
    protocol: s.protocol,
    status: s.status,
    createdAt: s.createdAt,
    images: s._count.images,
    methods: s.methods.map((m) => m.name),
    sessions: { started: s._count.sessions, completed: completedBy.get(s.id) ?? 0 },
  }));
}

/** A stored image's bytes, only within its own study (so one study's id cannot fetch another's). */
export async function getAsset(db: Db, studyId: string, assetId: string): Promise<{ mime: string; bytes: Uint8Array; sha256: string } | null> {
  return db.asset.findFirst({ where: { id: assetId, studyId }, select: { mime: true, bytes: true, sha256: true } });
}
