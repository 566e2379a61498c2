/**
 * The allowed values of the string columns in prisma/schema.prisma (stored as strings so
 * SQLite and PostgreSQL share one schema). Import these instead of spelling literals.
 */
export const PROTOCOLS = ['2afc', 'hype-time', 'hype-infinity'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const METHOD_KINDS = ['method', 'attention'] as const;
export type MethodKind = (typeof METHOD_KINDS)[number];

export const RECRUITMENT_SOURCES = ['direct', 'prolific', 'mturk', 'simulated'] as const;
export type RecruitmentSource = (typeof RECRUITMENT_SOURCES)[number];

export const SESSION_STAGES = ['consent', 'instructions', 'practice', 'test', 'debrief', 'complete', 'screened-out', 'returned'] as const;
export type SessionStage = (typeof SESSION_STAGES)[number];

export const TRIAL_KINDS = ['practice', 'test', 'attention', 'tutorial', 'qualification'] as const;
export type TrialKind = (typeof TRIAL_KINDS)[number];

export const SIDES = ['left', 'right'] as const;
export type Side = (typeof SIDES)[number];

export const PRESENTATIONS = ['sequential', 'side-by-side', 'unlimited'] as const;
export type Presentation = (typeof PRESENTATIONS)[number];

export const ASSIGNMENTS = ['one-method', 'mixed'] as const;
export type Assignment = (typeof ASSIGNMENTS)[number];
