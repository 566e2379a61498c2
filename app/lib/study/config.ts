/**
 * The study config a researcher writes (JSON or YAML) for `npm run study:create`.
 * Every field has a default matching Zhang et al.'s protocol unless noted; paths are
 * relative to the config file. The validated config is stored with the study
 * (Study.config) and is the source of truth for its parameters.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { DEFAULT_ATTENTION_THRESHOLD } from '../stats/attention-exclusions';
import { HypeConfigSchema, hypeConfigProblems } from './hype-config';
import { QualityConfigSchema } from './quality-config';
import { ResearcherSchema, StudyTextsSchema } from './texts-config';
import { ASSIGNMENTS, isSingleImageProtocol, PRESENTATIONS, PROTOCOLS } from './vocabulary';

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use 1-63 lower-case letters, digits and dashes, starting with a letter or digit');
const methodName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'use 1-63 letters, digits, dots, dashes and underscores');

export const MethodConfigSchema = z.strictObject({
  /** Shown to researchers only, never to participants. */
  name: methodName,
  /** Folder of colorizations, one per real photo, with the same file names (extension may differ). */
  dir: z.string().min(1),
  /** Optional folder of ab-only views (L = 50) for the results gallery, same file names. */
  abDir: z.string().min(1).optional(),
  /** Optional JSON of objective metrics (as written by `npm run evaluate`) to show beside fooling rates. */
  metrics: z.string().min(1).optional(),
});

export const StudyConfigSchema = z.strictObject({
  id: slug,
  name: z.string().min(1).max(200),
  /** "2afc": Zhang et al.'s pairs, fooling rate (the default). "hype-time": single images with an
   *  adaptive exposure time, score = perceptual threshold in ms; "hype-infinity": single images
   *  without time limit, score = error rate (Zhou et al. 2019). See the `hype` section. */
  protocol: z.enum(PROTOCOLS).default('2afc'),
  /** Folder of real photos: the ground truth, and the set of images of the study. */
  realDir: z.string().min(1),
  methods: z.array(MethodConfigSchema).min(1, 'name at least one method to test'),
  /** Seed of every random choice of the study (session plans, attention images). */
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  session: z
    .strictObject({
      /** Test trials per session (Zhang: 40), excluding attention checks. */
      testTrials: z.number().int().min(1).max(1000).default(40),
      /** Practice trials with feedback, excluded from analysis (Zhang: 10). HYPE protocols: the tutorial trials. */
      practiceTrials: z.number().int().min(0).max(100).default(10),
      /** Share of attention checks among test-block trials (Zhang: about 10%). */
      attentionRate: z.number().min(0).max(0.5).default(0.1),
      /** one-method: each session tests one method (Zhang); mixed: each session sees every method, balanced. */
      assignment: z.enum(ASSIGNMENTS).default('one-method'),
    })
    .prefault({}),
  attention: z
    .strictObject({
      /** random-colors: the tool generates an obviously wrong colorization of each photo (as Zhang). */
      kind: z.enum(['random-colors']).default('random-colors'),
      /** Participants who identify fewer than this share of attention checks are excluded
       *  (the default's reasoning is in app/lib/stats/attention-exclusions.ts). */
      minAccuracy: z.number().min(0).max(1).default(DEFAULT_ATTENTION_THRESHOLD),
    })
    .prefault({}),
  presentation: z
    .strictObject({
      /** sequential: left then right, each for exposureMs with gapMs between (Zhang's tool);
       *  side-by-side: both for exposureMs; unlimited: both until the participant answers. */
      mode: z.enum(PRESENTATIONS).default('sequential'),
      exposureMs: z.number().int().min(50).max(10_000).default(1000),
      gapMs: z.number().int().min(0).max(5_000).default(600),
    })
    .prefault({}),
  /** The single-image protocols' parameters (staircase, mask, qualification); ignored by 2afc. */
  hype: HypeConfigSchema.prefault({}),
  /** Images are resized to imageSize x imageSize (centre crop) on import (Zhang: 256). */
  imageSize: z.number().int().min(64).max(1024).default(256),
  recruitment: z
    .strictObject({
      platform: z.enum(['direct', 'prolific', 'mturk']).default('direct'),
      /** Prolific completion code, shown and used in the redirect after the data is saved. */
      completionCode: z.string().min(1).max(64).optional(),
      /** Prolific code for participants screened out (failed browser check or attention). */
      screenedOutCode: z.string().min(1).max(64).optional(),
      /** Prolific code for completed sessions below the study's rules (attention, fast answers), so they can be told apart on Prolific; default: completionCode. */
      failedChecksCode: z.string().min(1).max(64).optional(),
      /** Completed sessions (real participants) wanted per method (mixed: in all); afterwards new arrivals see a "study full" page. */
      targetPerMethod: z.number().int().min(1).max(100_000).optional(),
      /** MTurk: post to the sandbox rather than the live site when turkSubmitTo is absent. */
      mturkSandbox: z.boolean().default(false),
    })
    .prefault({}),
  /** Minimum browser window, in CSS pixels; smaller windows (and phones) are refused. */
  minWindow: z
    .strictObject({ width: z.number().int().min(0).default(800), height: z.number().int().min(0).default(600) })
    .prefault({}),
  /** Quality gates beyond the attention rule (app/lib/stats/fast-answers.ts, the Participants page). */
  quality: QualityConfigSchema.prefault({}),
  /** What participants read (Markdown; each absent text is the built-in one). See app/lib/study/texts-config.ts. */
  texts: StudyTextsSchema.prefault({}),
  /** Who runs the study, shown with the consent text. */
  researcher: ResearcherSchema.prefault({}),
});

export type StudyConfigInput = z.input<typeof StudyConfigSchema>;
export type StudyConfig = z.output<typeof StudyConfigSchema>;

/** A config error a user can act on: the file and every problem, one per line. */
export class StudyConfigError extends Error {}

/** Parses and validates a config object; relative paths are resolved against `baseDir`. */
export function parseStudyConfig(raw: unknown, baseDir: string, source = 'study config'): StudyConfig {
  const result = StudyConfigSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new StudyConfigError(`${source} is not valid:\n${lines.join('\n')}`);
  }
  const config = result.data;
  const names = config.methods.map((m) => m.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new StudyConfigError(`${source}: method name "${dup}" is used twice`);
  if (config.recruitment.platform === 'prolific' && !config.recruitment.completionCode) {
    throw new StudyConfigError(`${source}: recruitment.completionCode is required for Prolific`);
  }
  if (isSingleImageProtocol(config.protocol)) {
    const problems = hypeConfigProblems(config.protocol, config.hype);
    if (problems.length) throw new StudyConfigError(`${source} is not valid for protocol ${config.protocol}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  const resolve = (p: string) => path.resolve(baseDir, p);
  return {
    ...config,
    realDir: resolve(config.realDir),
    methods: config.methods.map((m) => ({
      ...m,
      dir: resolve(m.dir),
      abDir: m.abDir && resolve(m.abDir),
      metrics: m.metrics && resolve(m.metrics),
    })),
  };
}

/** Reads a .json, .yaml or .yml study config file. */
export function readStudyConfig(file: string): StudyConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new StudyConfigError(`cannot read study config ${file}`);
  }
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(file) ? YAML.parse(text) : JSON.parse(text);
  } catch (e) {
    throw new StudyConfigError(`${file} is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(e as Error).message}`);
  }
  return parseStudyConfig(raw, path.dirname(path.resolve(file)), file);
}

/** How many test-block trials are attention checks, given the test trials and the rate. */
export function attentionTrialCount(config: Pick<StudyConfig, 'session'>): number {
  const { testTrials, attentionRate } = config.session;
  // rate is the share of the whole test block: a / (t + a) = rate  =>  a = t * rate / (1 - rate)
  return Math.round((testTrials * attentionRate) / (1 - attentionRate));
}
