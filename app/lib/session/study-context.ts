/**
 * What the participant side needs to know about a study: the parts of its stored config
 * that govern sessions (read leniently: missing parts take the protocol defaults), and its
 * images and methods for planning.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import { attentionTrialCount, StudyConfigSchema } from '../study/config';
import { isSingleImageProtocol, type Assignment } from '../study/vocabulary';
import type { SingleImageDisplay } from './api-types';
import type { PlanImage, PlanMethod } from './plan';
import type { Platform } from './recruitment';

const ParticipantConfigSchema = z.object({
  protocol: StudyConfigSchema.shape.protocol,
  hype: StudyConfigSchema.shape.hype,
  session: StudyConfigSchema.shape.session,
  presentation: StudyConfigSchema.shape.presentation,
  recruitment: StudyConfigSchema.shape.recruitment,
  minWindow: StudyConfigSchema.shape.minWindow,
  attention: StudyConfigSchema.shape.attention,
  quality: StudyConfigSchema.shape.quality,
  texts: StudyConfigSchema.shape.texts,
  researcher: StudyConfigSchema.shape.researcher,
});

export type ParticipantConfig = z.output<typeof ParticipantConfigSchema>;

// Every participant request reads its study's config: parse each distinct text once.
const parsedConfigs = new Map<string, ParticipantConfig>();
const PARSED_CONFIGS_KEPT = 64;

/** The session-related part of a stored Study.config (JSON text). */
export function participantConfig(configJson: string): ParticipantConfig {
  const cached = parsedConfigs.get(configJson);
  if (cached) return cached;
  const config = parseParticipantConfig(configJson);
  if (parsedConfigs.size >= PARSED_CONFIGS_KEPT) parsedConfigs.delete(parsedConfigs.keys().next().value!);
  parsedConfigs.set(configJson, config);
  return config;
}

function parseParticipantConfig(configJson: string): ParticipantConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(configJson);
  } catch {
    throw new Error('the study config stored in the database is not valid JSON');
  }
  const parsed = ParticipantConfigSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`the study config stored in the database is not valid: ${parsed.error.issues[0].message}`);
  return parsed.data;
}

export interface SessionCounts {
  practiceTrials: number;
  testTrials: number;
  attentionTrials: number;
}

export function sessionCounts(config: ParticipantConfig): SessionCounts {
  return {
    practiceTrials: config.session.practiceTrials,
    testTrials: config.session.testTrials,
    attentionTrials: attentionTrialCount(config),
  };
}

/** How the single-image protocols show their trials (null for 2AFC). */
export function singleImageDisplay(config: ParticipantConfig): SingleImageDisplay | null {
  if (!isSingleImageProtocol(config.protocol)) return null;
  const timed = config.protocol === 'hype-time';
  const { staircase } = config.hype;
  return { timed, maskMs: config.hype.maskMs, minMs: timed ? staircase.minMs : null, maxMs: timed ? staircase.maxMs : null };
}

/** The single-image protocols' qualification trials (0 for 2AFC). */
export function qualificationCount(config: ParticipantConfig): number {
  return isSingleImageProtocol(config.protocol) ? config.hype.qualification.trials : 0;
}

export interface StudyContext {
  id: string;
  status: string;
  seed: number;
  protocol: string;
  config: ParticipantConfig;
  platform: Platform;
  assignment: Assignment;
  images: PlanImage[];
  /** Methods under test in config order. */
  methods: PlanMethod[];
  attentionMethodId: string | null;
}

/** A study's row with its images and methods, as the loaders read it. */
export interface StudyRow {
  id: string;
  status: string;
  seed: number;
  protocol: string;
  config: string;
  images: PlanImage[];
  /** In position order. */
  methods: Array<{ id: string; name: string; kind: string }>;
}

export function studyContext(study: StudyRow): StudyContext {
  const config = participantConfig(study.config);
  return {
    id: study.id,
    status: study.status,
    seed: study.seed,
    protocol: study.protocol,
    config,
    platform: config.recruitment.platform,
    assignment: config.session.assignment,
    images: study.images,
    methods: study.methods.filter((m) => m.kind === 'method').map(({ id, name }) => ({ id, name })),
    attentionMethodId: study.methods.find((m) => m.kind === 'attention')?.id ?? null,
  };
}

/** The study's context, or null when there is no such study. */
export async function loadStudyContext(db: Db, studyId: string): Promise<StudyContext | null> {
  const study = await db.study.findUnique({
    where: { id: studyId },
    select: {
      id: true,
      status: true,
      seed: true,
      protocol: true,
      config: true,
      images: { select: { id: true, name: true } },
      methods: { select: { id: true, name: true, kind: true }, orderBy: { position: 'asc' } },
    },
  });
  return study && studyContext(study);
}
