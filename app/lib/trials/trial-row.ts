/**
 * The trial row: one flat record per answered trial. The study server's CSV and JSON
 * exports produce exactly this, and `npm run stats -- --trials FILE` reads it, so data
 * collected elsewhere can be analysed by writing it in this shape.
 *
 * Protocols: "2afc" (Zhang et al. 2016: a real photo and a colorization; the participant
 * picks the one with fake colours) and the single-image HYPE protocols (one image; the
 * participant answers "real" or "fake"). The row holds both; `validateRow` checks that the
 * protocol-specific columns agree with each other.
 */
import { z } from 'zod';

export const PROTOCOLS = ['2afc', 'hype-time', 'hype-infinity'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const TRIAL_KINDS = ['practice', 'test', 'attention', 'tutorial', 'qualification'] as const;
export type TrialKind = (typeof TRIAL_KINDS)[number];

export const SIDES = ['left', 'right'] as const;
export type Side = (typeof SIDES)[number];

export const CHOICES = ['left', 'right', 'real', 'fake'] as const;

/** How the participant came: a recruitment platform, a direct link, the researcher's preview, or the simulator. */
export const TRIAL_SOURCES = ['prolific', 'mturk', 'direct', 'preview', 'simulated'] as const;
export type TrialSource = (typeof TRIAL_SOURCES)[number];
export type Choice = (typeof CHOICES)[number];

export interface TrialRow {
  study: string;
  protocol: Protocol;
  participant: string;
  session: number;
  trialIndex: number;
  kind: TrialKind;
  method: string;
  image: string;
  realSide: Side | null;
  showsReal: boolean | null;
  choice: Choice;
  correct: boolean;
  fooled: boolean | null;
  rtMs: number;
  exposureMs: number | null;
  firstOnsetMs: number | null;
  firstOffsetMs: number | null;
  secondOnsetMs: number | null;
  secondOffsetMs: number | null;
  optionsOnsetMs: number | null;
  respondedAt: string | null;
  servedAt: string | null;
  source: TrialSource | null;
  focusLosses: number | null;
  fullscreenExits: number | null;
}

export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'time';

export interface ColumnSpec {
  name: keyof TrialRow;
  type: ColumnType;
  nullable: boolean;
  /** Allowed values of an enum column. */
  values?: readonly string[];
  description: string;
}

/** Every column, in export order, with the documentation the README shows. */
export const TRIAL_COLUMNS: readonly ColumnSpec[] = [
  { name: 'study', type: 'string', nullable: false, description: 'Study id (the slug chosen when the study was created).' },
  { name: 'protocol', type: 'enum', nullable: false, values: PROTOCOLS, description: '"2afc" (Zhang et al.: real photo vs colorization, pick the fake) or a single-image protocol ("hype-time", "hype-infinity").' },
  { name: 'participant', type: 'string', nullable: false, description: "Pseudonymous participant id, stable within the study. Never the Prolific/MTurk id." },
  { name: 'session', type: 'integer', nullable: false, description: "The participant's session: its 0-based ordinal in the study (order of arrival). The session token used in participant URLs is a credential and is never exported." },
  { name: 'trialIndex', type: 'integer', nullable: false, description: "Position of the trial in the session, 0-based (practice trials come first)." },
  { name: 'kind', type: 'enum', nullable: false, values: TRIAL_KINDS, description: '"test" trials are analysed; "practice" trials (with feedback) are excluded; "attention" trials (ground truth vs an obviously wrong colorization) only feed the exclusion rule. HYPE adds "tutorial" and "qualification".' },
  { name: 'method', type: 'string', nullable: false, description: "Name of the colorization method whose output the trial shows (for attention trials, the attention-check method)." },
  { name: 'image', type: 'string', nullable: false, description: 'Name (file stem) of the photograph.' },
  { name: 'realSide', type: 'enum', nullable: true, values: SIDES, description: '2AFC: side where the real photo was shown ("left" = shown first when sequential). Empty for single-image protocols.' },
  { name: 'showsReal', type: 'boolean', nullable: true, description: 'Single-image protocols: true when the image shown was the real photo. Empty for 2AFC.' },
  { name: 'choice', type: 'enum', nullable: false, values: CHOICES, description: '2AFC: the side the participant picked as fake ("left"/"right"). Single image: the answer ("real"/"fake").' },
  { name: 'correct', type: 'boolean', nullable: false, description: '2AFC: true when the participant picked the fake (choice differs from realSide). Single image: true when the answer matches the truth.' },
  { name: 'fooled', type: 'boolean', nullable: true, description: 'True when the participant took the colorization for real. 2AFC: always the negation of correct (practice and attention trials too; use kind to filter). Single image: true when a fake was answered "real", false when a fake was answered "fake", empty when the real photo was shown (no fake to be fooled by).' },
  { name: 'rtMs', type: 'number', nullable: false, description: 'Response time in milliseconds from the onset of the response options to the answer.' },
  { name: 'exposureMs', type: 'number', nullable: true, description: 'Requested display time of each image in milliseconds; empty when unlimited.' },
  { name: 'firstOnsetMs', type: 'number', nullable: true, description: 'Measured onset of the first (2AFC: left) image, ms after the trial started. Empty when not measured.' },
  { name: 'firstOffsetMs', type: 'number', nullable: true, description: 'Measured offset of the first image, ms after the trial started; empty when it stayed on screen or was not measured.' },
  { name: 'secondOnsetMs', type: 'number', nullable: true, description: 'Measured onset of the second (2AFC: right) image, ms after the trial started; empty for single-image protocols.' },
  { name: 'secondOffsetMs', type: 'number', nullable: true, description: 'Measured offset of the second image, ms after the trial started; empty when it stayed on screen.' },
  { name: 'optionsOnsetMs', type: 'number', nullable: true, description: 'Measured onset of the response options, ms after the trial started (rtMs counts from here).' },
  { name: 'respondedAt', type: 'time', nullable: true, description: 'When the server stored the answer, ISO 8601 in UTC (e.g. 2026-11-26T12:00:00.000Z); empty when unknown.' },
  { name: 'servedAt', type: 'time', nullable: true, description: "When the server first sent the trial (its description and image addresses; the browser then fetches the images at once), ISO 8601 in UTC; empty when unknown." },
  { name: 'source', type: 'enum', nullable: true, values: TRIAL_SOURCES, description: 'How the participant came: "prolific", "mturk", "direct" (a plain link), "preview" (the researcher trying the study) or "simulated"; empty when unknown.' },
  { name: 'focusLosses', type: 'integer', nullable: true, description: 'Times the page was hidden (another tab, a minimised window) or lost focus between the start of the trial and the answer; empty when not recorded.' },
  { name: 'fullscreenExits', type: 'integer', nullable: true, description: 'Times the participant left full screen during the trial; empty when the study did not ask for full screen.' },
];

export const COLUMN_NAMES: readonly (keyof TrialRow)[] = TRIAL_COLUMNS.map((c) => c.name);

/** ISO 8601 date-time with a time zone (Z or ±hh:mm), as Date.prototype.toISOString and most tools write it. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

const isoTime = z
  .string()
  .refine((s) => ISO_TIME.test(s) && !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 time with a zone, e.g. 2026-11-26T12:00:00.000Z');
const nonEmpty = z.string().min(1, 'must not be empty');
const ms = z.number().min(0, 'must be >= 0');

/** The shape of a row (types and ranges); `validateRow` adds the cross-column rules. */
export const trialRowSchema = z.strictObject({
  study: nonEmpty,
  protocol: z.enum(PROTOCOLS),
  participant: nonEmpty,
  session: z.int().min(0, 'must be >= 0'),
  trialIndex: z.int().min(0, 'must be >= 0'),
  kind: z.enum(TRIAL_KINDS),
  method: nonEmpty,
  image: nonEmpty,
  realSide: z.enum(SIDES).nullable(),
  showsReal: z.boolean().nullable(),
  choice: z.enum(CHOICES),
  correct: z.boolean(),
  fooled: z.boolean().nullable(),
  rtMs: ms,
  exposureMs: ms.nullable(),
  firstOnsetMs: z.number().nullable(),
  firstOffsetMs: z.number().nullable(),
  secondOnsetMs: z.number().nullable(),
  secondOffsetMs: z.number().nullable(),
  optionsOnsetMs: z.number().nullable(),
  respondedAt: isoTime.nullable(),
  servedAt: isoTime.nullable(),
  source: z.enum(TRIAL_SOURCES).nullable(),
  focusLosses: z.int().min(0, 'must be >= 0').nullable(),
  fullscreenExits: z.int().min(0, 'must be >= 0').nullable(),
});

/** A broken cross-column rule: the column to blame and why. */
export interface RowProblem {
  column: keyof TrialRow;
  message: string;
}

/**
 * The rules that tie a row's columns together. `correct` and `fooled` are redundant with
 * `choice` and `realSide`/`showsReal` (kept for convenience in other tools), so they must agree:
 * a file where they do not was edited by hand or produced by a bug, and analysing it would
 * silently count the wrong thing.
 */
export function rowProblems(row: TrialRow): RowProblem[] {
  const problems: RowProblem[] = [];
  if (row.protocol === '2afc') {
    if (row.realSide === null) problems.push({ column: 'realSide', message: 'is required for protocol 2afc ("left" or "right")' });
    if (row.showsReal !== null) problems.push({ column: 'showsReal', message: 'must be empty for protocol 2afc' });
    if (row.choice !== 'left' && row.choice !== 'right') {
      problems.push({ column: 'choice', message: `must be "left" or "right" for protocol 2afc, got "${row.choice}"` });
    } else if (row.realSide !== null) {
      const pickedFake = row.choice !== row.realSide;
      if (row.correct !== pickedFake) {
        problems.push({ column: 'correct', message: `is ${row.correct} but choice "${row.choice}" with realSide "${row.realSide}" means ${pickedFake}` });
      }
      if (row.fooled !== !pickedFake) {
        problems.push({ column: 'fooled', message: `is ${row.fooled === null ? 'empty' : row.fooled} but must be ${!pickedFake} (the negation of correct) for protocol 2afc` });
      }
    }
  } else {
    if (row.showsReal === null) problems.push({ column: 'showsReal', message: `is required for protocol ${row.protocol} (true or false)` });
    if (row.realSide !== null) problems.push({ column: 'realSide', message: `must be empty for protocol ${row.protocol}` });
    if (row.choice !== 'real' && row.choice !== 'fake') {
      problems.push({ column: 'choice', message: `must be "real" or "fake" for protocol ${row.protocol}, got "${row.choice}"` });
    } else if (row.showsReal !== null) {
      const saidReal = row.choice === 'real';
      if (row.correct !== (saidReal === row.showsReal)) {
        problems.push({ column: 'correct', message: `is ${row.correct} but choice "${row.choice}" with showsReal ${row.showsReal} means ${saidReal === row.showsReal}` });
      }
      const expected = row.showsReal ? null : saidReal;
      if (row.fooled !== expected) {
        const want = expected === null ? 'empty (the real photo was shown)' : String(expected);
        problems.push({ column: 'fooled', message: `is ${row.fooled === null ? 'empty' : row.fooled} but must be ${want}` });
      }
    }
  }
  return problems;
}

/** `fooled` as the row format defines it, from the primary columns (used by exporters). */
export function fooledOf(protocol: Protocol, realSide: Side | null, showsReal: boolean | null, choice: Choice): boolean | null {
  if (protocol === '2afc') return choice === realSide;
  if (showsReal === null || showsReal) return null;
  return choice === 'real';
}
