/**
 * The texts a participant reads, resolved for one study: the config's own (Markdown, with
 * their {placeholders} filled) or the built-in ones, and the device requirement that the
 * consent page states before anyone agrees. Plain strings of Markdown, rendered safely by
 * app/ui/markdown.tsx; `npm run study:create -- --dry-run` prints them.
 */
import { fillPlaceholders, type Researcher, type TextPlaceholder } from '../study/texts-config';
import { estimatedMinutes, KEYS, QUESTION, SINGLE_IMAGE_KEYS, SINGLE_IMAGE_QUESTION, singleImageMinutes, singleImageTaskSentence, taskSentence } from '../../ui/participant/texts';
import type { Db } from '../db/client';
import { participantConfig, qualificationCount, sessionCounts, singleImageDisplay, type ParticipantConfig } from './study-context';

export const DEFAULT_TITLE = 'Colour perception study';

export interface ParticipantTexts {
  title: string;
  consent: string;
  /** "About this study": the researcher block as a Markdown list; null when the config has none. */
  researcher: string | null;
  /** What the device must be: stated on the consent page, checked before the session is created. */
  device: string;
  instructions: string;
  debrief: string;
  completion: string;
  /** After withdrawing: what happens to the answers (the platform's next step comes with the session state). */
  withdrawn: string;
}

type TextsConfig = ParticipantConfig;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function researcherBlock(r: Researcher): string | null {
  const contact = r.contact && (EMAIL.test(r.contact) ? `[${r.contact}](mailto:${r.contact})` : r.contact);
  const who = [r.name, r.institution].filter(Boolean).join(', ');
  const rows: [string, string | undefined][] = [
    ['Researcher', who || undefined],
    ['Contact', contact],
    ['Ethics approval', r.ethicsApproval],
    ['Payment', r.payment],
    ['Duration', r.estimatedDuration],
    ['Data retention', r.dataRetention],
  ];
  const lines = rows.filter(([, v]) => v).map(([k, v]) => `- **${k}:** ${v}`);
  return lines.length ? lines.join('\n') : null;
}

function defaultInstructions(config: TextsConfig, practice: number, qualification: number, test: number): string {
  const intro = 'Some photos keep their true colours. Others were black and white, and a computer program has coloured them in.';
  const display = singleImageDisplay(config);
  if (display) {
    return [
      intro,
      singleImageTaskSentence(display),
      `Then you answer: **${SINGLE_IMAGE_QUESTION}** Press \`${SINGLE_IMAGE_KEYS.real}\` (or ←) for real colours and \`${SINGLE_IMAGE_KEYS.fake}\` (or →) for fake ones, or click the buttons.`,
      practice > 0 ? `You start with a short tutorial of ${practice} photos, after which we tell you whether you were right.` : '',
      qualification > 0
        ? `Then come ${qualification} qualification photos without feedback: to take part in the study itself you need to judge most of them correctly. If you do not, the study ends there.`
        : '',
      `The study itself has ${test} photos, without feedback. Go with your first impression, and keep your eyes on the screen.`,
    ]
      .filter(Boolean)
      .join('\n\n');
  }
  const sequential = config.presentation.mode === 'sequential';
  return [
    intro,
    taskSentence(config.presentation),
    `One of the two has its real colours, the other has fake colours. Then you answer: **${QUESTION}** Press \`${KEYS.left}\` (or ←) for the ${sequential ? 'first (left)' : 'left'} photo and \`${KEYS.right}\` (or →) for the ${sequential ? 'second (right)' : 'right'} one, or click the buttons.`,
    practice > 0 ? `You start with ${practice} practice pairs, after which we tell you whether you were right. Then come ${test} pairs without feedback.` : '',
    'It is often hard to tell. Go with your first impression, and keep your eyes on the screen while the photos are shown.',
  ]
    .filter(Boolean)
    .join('\n\n');
}

function defaultConsent(single: boolean): string {
  return [
    'You are invited to take part in a study of how people perceive the colours of photographs. It takes {duration}.',
    single
      ? 'You will look at up to {trials} photos, one at a time, and say for each whether you think its colours are real or fake.'
      : 'You will look at {trials} pairs of photos and, for each pair, say which photo you think has fake colours.',
    'We record your answers, your response times, and technical details of your browser (window size, screen refresh rate, browser version) that help us judge the quality of the data. We do not record your name or contact details. Your answers are stored under a random identifier and analysed together with those of other participants.',
    'Taking part is voluntary. You may stop at any time by closing this page.',
  ].join('\n\n');
}

const DEFAULT_WITHDRAWN = [
  'You have withdrawn from the study. Your answers will not be used: they are left out of the analysis and out of the data we share.',
  'If you would also like them deleted, write to {contact}. Thank you for your time.',
].join('\n\n');

function defaultDebrief(single: boolean): string {
  return [
    single
      ? 'About this study: some photos had their real colours, others had been turned into black and white and then coloured by a computer program. We measure how well people tell them apart, and how briefly a photo must be seen to tell, to compare methods of automatic colorization.'
      : 'About this study: in every pair, one photo had its real colours and the other had been turned into black and white and then coloured by a computer program. We measure how often such programs fool people into taking the fake colours for real ones, to compare methods of automatic colorization. Guessing right half of the time means the program fooled you as often as chance would.',
    'Please do not tell others which photos were which, so that future participants judge them fresh.',
  ].join('\n\n');
}

export function participantTexts(config: TextsConfig): ParticipantTexts {
  const counts = sessionCounts(config);
  const qualification = qualificationCount(config);
  const test = counts.testTrials + counts.attentionTrials;
  const trials = counts.practiceTrials + qualification + test;
  const display = singleImageDisplay(config);
  const minutes = display ? singleImageMinutes(trials, display) : estimatedMinutes(trials, config.presentation);
  const { texts, researcher, minWindow } = config;
  const values: Record<TextPlaceholder, string> = {
    minutes: String(minutes),
    duration: researcher.estimatedDuration ?? `about ${minutes} minutes`,
    trials: String(trials),
    practiceTrials: String(counts.practiceTrials),
    testTrials: String(test),
    minWidth: String(minWindow.width),
    minHeight: String(minWindow.height),
    contact: researcher.contact ?? 'the researcher',
  };
  const fill = (text: string) => fillPlaceholders(text, values);
  return {
    title: texts.title ?? DEFAULT_TITLE,
    consent: fill(texts.consent ?? defaultConsent(display !== null)),
    researcher: researcherBlock(researcher),
    device: `You need a computer (not a phone or tablet) with a keyboard and a browser window of at least ${minWindow.width} × ${minWindow.height} pixels.`,
    instructions: fill(texts.instructions ?? defaultInstructions(config, counts.practiceTrials, qualification, test)),
    debrief: fill(texts.debrief ?? defaultDebrief(display !== null)),
    completion: fill(texts.completion ?? 'Your answers are saved. Thank you for taking part!'),
    withdrawn: fill(texts.withdrawn ?? DEFAULT_WITHDRAWN),
  };
}

/** The texts the participant's page starts with: all but the debrief, which comes with the session state at the debrief stage. */
export function pageTexts(texts: ParticipantTexts): ParticipantTexts {
  return { ...texts, debrief: '' };
}

/** The texts of the study a session belongs to, or of a study by id; null when there is none. */
export async function loadParticipantTexts(db: Db, where: { token: string } | { studyId: string }): Promise<ParticipantTexts | null> {
  const study =
    'token' in where
      ? (await db.session.findUnique({ where: { id: where.token }, select: { study: { select: { config: true } } } }))?.study
      : await db.study.findUnique({ where: { id: where.studyId }, select: { config: true } });
  return study ? participantTexts(participantConfig(study.config)) : null;
}
