/**
 * Everything the results page shows for one study, gathered in one call: the analysis of
 * its trial rows (with the study's attention rule; 2AFC or, for the single-image protocols,
 * HYPE's), the participants' recruitment details
 * beside their figures, each method's objective metrics, and the example gallery.
 */
import type { Db } from '../db/client';
import { loadTrialRows } from '../trials/from-db';
import type { TrialSource } from '../trials/trial-row';
import { REAL_SOURCES } from './source-filter';
import type { StudyConfig } from '../study/config';
import type { HypeAnalysis, HypeParticipant } from '../stats';
import { isSingleImageProtocol } from '../study/vocabulary';
import { analyseHypeRows, analyseRows, type ExcludedParticipant, type ResultsAnalysis, type ResultsParticipant } from './analysis';
import { cachedAnalysis } from './analysis-cache';
import { loadGallery, pickGalleryImages, type GalleryItem } from './gallery';
import { baselineRows, metricColumns, ownMetrics, parseMetrics, type MetricInfo, type MetricRow } from './method-metrics';
import { attentionThresholdOf, fastRuleOf, readStoredConfig } from './stored-config';

/** Photos in the example gallery. */
export const GALLERY_SIZE = 4;

export interface ResultsParticipantRow extends ResultsParticipant {
  source: string;
  stage: string;
  startedAt: Date;
  completedAt: Date | null;
}

export type HypeParticipantRow = HypeParticipant & { source: string; stage: string; startedAt: Date; completedAt: Date | null };

export interface StudyResults {
  study: { id: string; name: string; protocol: string; status: string; seed: number; createdAt: Date };
  config: StudyConfig | null;
  attentionThreshold: number;
  /** 2AFC: null until there is something to analyse (always null for single-image studies); `emptyReason` then says why */
  analysis: ResultsAnalysis | null;
  /** single-image (HYPE) studies: their analysis, null until there is something to analyse */
  hype: HypeAnalysis | null;
  /** the HYPE analysis's participants, with how they came and how far they got */
  hypeParticipants: HypeParticipantRow[];
  emptyReason: string | null;
  /** with emptyReason: the participants the rules excluded (all of them, when that is the reason) */
  emptyExcluded: ExcludedParticipant[];
  /** The sources whose sessions are counted, and how many sessions of other sources are left out. */
  sources: readonly TrialSource[];
  hiddenSessions: number;
  /** sessions of the counted sources whose participant withdrew: never analysed or exported */
  withdrawnSessions: number;
  /** the analysis's participants, with how they came and how far they got */
  participants: ResultsParticipantRow[];
  metricColumns: MetricInfo[];
  metrics: MetricRow[];
  /** evaluate's grayscale and constant baselines, stored with the methods' metrics: rows beside the methods */
  metricBaselines: MetricRow[];
  gallery: GalleryItem[];
}

export async function loadStudyResults(db: Db, studyId: string, sources: readonly TrialSource[] = REAL_SOURCES): Promise<StudyResults | null> {
  const study = await db.study.findUnique({
    where: { id: studyId },
    select: {
      id: true,
      name: true,
      protocol: true,
      status: true,
      seed: true,
      createdAt: true,
      config: true,
      methods: { orderBy: { position: 'asc' }, select: { name: true, kind: true, metrics: true } },
      images: { select: { name: true } },
    },
  });
  if (!study) return null;
  const config = readStoredConfig(study.config);
  const attentionThreshold = attentionThresholdOf(config);
  const methodNames = study.methods.filter((m) => m.kind === 'method').map((m) => m.name);
  // Withdrawn sessions' answers are not analysed (loadTrialRows): a withdrawal changes this count, and so the cached analysis.
  const answers = await db.response.aggregate({
    where: { trial: { session: { studyId, stage: { not: 'withdrawn' }, participant: { source: { in: [...sources] } } } } },
    _count: { _all: true },
    _max: { createdAt: true },
  });
  const options = { attentionThreshold, fastRule: fastRuleOf(config), methods: methodNames, seed: study.seed };
  const single = isSingleImageProtocol(study.protocol);
  const hypeOptions = { ...options, qualificationThreshold: config?.hype.qualification.minAccuracy ?? null };
  const key = [studyId, study.createdAt.toISOString(), answers._count._all, answers._max.createdAt?.toISOString() ?? null, sources];
  const outcome: { analysis: ResultsAnalysis | HypeAnalysis } | { empty: string; excluded: ExcludedParticipant[] } = single
    ? await cachedAnalysis(db, [...key, 'hype', hypeOptions], async () => analyseHypeRows(await loadTrialRows(db, studyId, sources), hypeOptions))
    : await cachedAnalysis(db, [...key, options], async () => analyseRows(await loadTrialRows(db, studyId, sources), options));
  const analysis = 'analysis' in outcome && !single ? (outcome.analysis as ResultsAnalysis) : null;
  const hype = 'analysis' in outcome && single ? (outcome.analysis as HypeAnalysis) : null;

  const hiddenSessions = await db.session.groupBy({ by: ['studyId'], where: { studyId, participant: { source: { notIn: [...sources] } } }, _count: { _all: true } });
  const withdrawnSessions = await db.session.count({ where: { studyId, stage: 'withdrawn', participant: { source: { in: [...sources] } } } });
  const sessions = await db.session.findMany({
    where: { studyId },
    select: { participantId: true, stage: true, startedAt: true, completedAt: true, participant: { select: { source: true } } },
  });
  const sessionOf = new Map(sessions.map((s) => [s.participantId, s]));
  const withSession = <P extends { participant: string }>(p: P) => {
    const s = sessionOf.get(p.participant);
    return { ...p, source: s?.participant.source ?? 'unknown', stage: s?.stage ?? 'unknown', startedAt: s?.startedAt ?? new Date(0), completedAt: s?.completedAt ?? null };
  };
  const participants = (analysis?.participants ?? []).map(withSession);

  const stored = study.methods.filter((m) => m.kind === 'method').map((m) => ({ method: m.name, values: parseMetrics(m.metrics) }));
  const metrics = stored.map((m) => ({ method: m.method, values: ownMetrics(m.values) }));
  const metricBaselines = baselineRows(stored.map((m) => m.values));
  const breakdown = analysis?.images ?? hype?.images ?? [];
  const galleryImages = pickGalleryImages(breakdown, methodNames, study.images.map((i) => i.name), GALLERY_SIZE);
  return {
    study: { id: study.id, name: study.name, protocol: study.protocol, status: study.status, seed: study.seed, createdAt: study.createdAt },
    config,
    attentionThreshold,
    analysis,
    hype,
    hypeParticipants: (hype?.participants ?? []).map(withSession),
    emptyReason: 'empty' in outcome ? outcome.empty : null,
    emptyExcluded: 'empty' in outcome ? outcome.excluded : [],
    sources,
    hiddenSessions: hiddenSessions[0]?._count._all ?? 0,
    withdrawnSessions,
    participants,
    metricColumns: metricColumns([...metrics, ...metricBaselines].map((m) => m.values)),
    metrics,
    metricBaselines,
    gallery: await loadGallery(db, studyId, galleryImages, breakdown),
  };
}
