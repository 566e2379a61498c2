/**
 * The study config's `texts` and `researcher` sections: what participants read, in Markdown
 * (app/lib/markdown/parse.ts), and who runs the study. Every text is optional; an absent one
 * is the built-in text (app/lib/study/study-texts.ts). Texts may use the placeholders below,
 * filled in for each study; any other {name} is refused when the config is checked.
 */
import { z } from 'zod';

export const TEXT_PLACEHOLDERS = ['minutes', 'duration', 'trials', 'practiceTrials', 'testTrials', 'minWidth', 'minHeight', 'contact'] as const;
export type TextPlaceholder = (typeof TEXT_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

const markdown = z
  .string()
  .min(1)
  .max(20_000)
  .superRefine((text, ctx) => {
    for (const m of text.matchAll(PLACEHOLDER)) {
      if (!(TEXT_PLACEHOLDERS as readonly string[]).includes(m[1])) {
        ctx.addIssue({ code: 'custom', message: `unknown placeholder {${m[1]}}; use ${TEXT_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}` });
      }
    }
  });

export const StudyTextsSchema = z.strictObject({
  /** Page title and heading of the consent page (default "Colour perception study"). */
  title: z.string().min(1).max(120).optional(),
  /** The consent form, shown first (before anything is recorded beyond the visit). */
  consent: markdown.optional(),
  /** The task explanation, shown after consent and before the browser check. */
  instructions: markdown.optional(),
  /** Shown after the last trial, before Finish (which saves the end of the session and shows the code). */
  debrief: markdown.optional(),
  /** Shown with the completion code. */
  completion: markdown.optional(),
  /** Shown to a participant who withdrew during the study: what happens to their answers. */
  withdrawn: markdown.optional(),
});
export type StudyTexts = z.output<typeof StudyTextsSchema>;

const line = z.string().min(1).max(500);

/** Shown under the consent text as "About this study"; every field optional. */
export const ResearcherSchema = z.strictObject({
  name: line.optional(),
  institution: line.optional(),
  /** An e-mail address becomes a mailto link. */
  contact: line.optional(),
  /** The ethics committee's approval reference. */
  ethicsApproval: line.optional(),
  payment: line.optional(),
  /** Replaces the estimate computed from the trials (e.g. "about 15 minutes"). */
  estimatedDuration: line.optional(),
  dataRetention: line.optional(),
});
export type Researcher = z.output<typeof ResearcherSchema>;

/** Replaces the known {placeholders} of a text; the values are inserted as plain text. */
export function fillPlaceholders(text: string, values: Record<TextPlaceholder, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => ((TEXT_PLACEHOLDERS as readonly string[]).includes(name) ? values[name as TextPlaceholder] : whole));
}
