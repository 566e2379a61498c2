/**
 * The link participants open, in the form each recruitment platform needs.
 * - direct: `/s/<study>`; the server gives each browser its own session.
 * - Prolific: the same URL with Prolific's placeholders, which Prolific replaces by the
 *   participant's PROLIFIC_PID, STUDY_ID and SESSION_ID.
 * - MTurk: an ExternalQuestion whose ExternalURL is the bare link; MTurk itself appends
 *   assignmentId, hitId, workerId and turkSubmitTo. MTurk requires HTTPS.
 */
export type Platform = 'direct' | 'prolific' | 'mturk';

export interface ParticipantLinks {
  platform: Platform;
  /** the URL to hand out (with Prolific's placeholders on Prolific) */
  url: string;
  /** MTurk only: the ExternalQuestion XML for the HIT */
  externalQuestion?: string;
  /** things the researcher must know to set the platform up */
  notes: string[];
}

export const PROLIFIC_COMPLETE_URL = 'https://app.prolific.com/submissions/complete';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function participantLinks(
  origin: string,
  studyId: string,
  recruitment: { platform: Platform; completionCode?: string; screenedOutCode?: string },
): ParticipantLinks {
  const base = `${origin.replace(/\/+$/, '')}/s/${encodeURIComponent(studyId)}`;
  switch (recruitment.platform) {
    case 'prolific': {
      const notes = [
        'Paste this URL as the study link on Prolific; Prolific fills in the three placeholders for each participant.',
        recruitment.completionCode
          ? `Completion code: ${recruitment.completionCode}. Participants are sent to ${PROLIFIC_COMPLETE_URL}?cc=${recruitment.completionCode} after their answers are saved.`
          : 'No completion code is configured: set recruitment.completionCode in the study config.',
      ];
      if (recruitment.screenedOutCode) notes.push(`Screened-out participants get the code ${recruitment.screenedOutCode}.`);
      return {
        platform: 'prolific',
        url: `${base}?PROLIFIC_PID={{%PROLIFIC_PID%}}&STUDY_ID={{%STUDY_ID%}}&SESSION_ID={{%SESSION_ID%}}`,
        notes,
      };
    }
    case 'mturk': {
      const notes = ['Create the HIT with this ExternalQuestion; MTurk appends assignmentId, hitId, workerId and turkSubmitTo to the URL.'];
      if (!base.startsWith('https://')) notes.push('MTurk only accepts HTTPS links: serve the study behind HTTPS before creating the HIT.');
      return {
        platform: 'mturk',
        url: base,
        externalQuestion: [
          '<ExternalQuestion xmlns="http://mechanicalturk.amazonaws.com/AWSMechanicalTurkDataSchemas/2006-07-14/ExternalQuestion.xsd">',
          `  <ExternalURL>${escapeXml(base)}</ExternalURL>`,
          '  <FrameHeight>0</FrameHeight>',
          '</ExternalQuestion>',
        ].join('\n'),
        notes,
      };
    }
    default:
      return { platform: 'direct', url: base, notes: ['Share this link; each browser gets its own session and can resume it after a reload.'] };
  }
}

/** The site's origin as the client sees it, from the request headers (proxies: X-Forwarded-*). */
export function originFromHeaders(get: (name: string) => string | null): string {
  const host = (get('x-forwarded-host') ?? get('host') ?? 'localhost:3000').split(',')[0].trim();
  const proto = (get('x-forwarded-proto') ?? 'http').split(',')[0].trim();
  return `${proto}://${host}`;
}
