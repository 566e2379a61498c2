/**
 * The allowed values of the string columns in prisma/schema.prisma (stored as strings so
 * SQLite and PostgreSQL share one schema). Import these instead of spelling literals.
 */
export const PROTOCOLS = ['2afc', 'hype-time', 'hype-infinity'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const METHOD_KINDS = ['method', 'attention'] as const;
export type MethodKind = (typeof METHOD_KINDS)[number];

/** 'preview': the researcher trying the study from the admin pages (kept out of the results). */
export const RECRUITMENT_SOURCES = ['direct', 'prolific', 'mturk', 'simulated', 'preview'] as const;
export type RecruitmentSource = (typeof RECRUITMENT_SOURCES)[number];

/**
 * 'practice' holds the 2AFC practice trials and the HYPE tutorial; 'qualification' only HYPE's qualification block.
 * Ends: 'returned' (consent declined), 'screened-out', 'withdrawn' (the participant withdrew during the study).
 */
export const SESSION_STAGES = ['consent', 'instructions', 'practice', 'qualification', 'test', 'debrief', 'complete', 'screened-out', 'returned', 'withdrawn'] as const;
export type SessionStage = (typeof SESSION_STAGES)[number];

export const TRIAL_KINDS = ['practice', 'test', 'attention', 'tutorial', 'qualification'] as const;
export type TrialKind = (typeof TRIAL_KINDS)[number];

export const SIDES = ['left', 'right'] as const;
export type Side = (typeof SIDES)[number];

/** Protocols that show one image per trial and ask "real or fake?" (HYPE, Zhou et al. 2019). */
export const SINGLE_IMAGE_PROTOCOLS = ['hype-time', 'hype-infinity'] as const;
export type SingleImageProtocol = (typeof SINGLE_IMAGE_PROTOCOLS)[number];
export const isSingleImageProtocol = (p: string): p is SingleImageProtocol => (SINGLE_IMAGE_PROTOCOLS as readonly string[]).includes(p);

export const SINGLE_IMAGE_CHOICES = ['real', 'fake'] as const;
export type SingleImageChoice = (typeof SINGLE_IMAGE_CHOICES)[number];

export const PRESENTATIONS = ['sequential', 'side-by-side', 'unlimited'] as const;
export type Presentation = (typeof PRESENTATIONS)[number];

export const ASSIGNMENTS = ['one-method', 'mixed'] as const;
export type Assignment = (typeof ASSIGNMENTS)[number];
