// /s/<studyId>: the study link participants are given (with Prolific or MTurk parameters, or none).
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getPrisma } from '../../lib/db/client';
import { entrySettings, readArrival } from '../../lib/session/entry';
import { SessionError } from '../../lib/session/errors';
import { DEFAULT_TITLE, loadParticipantTexts, participantTexts } from '../../lib/session/participant-texts';
import { firstValues } from '../../lib/session/recruitment';
import { loadStudyContext, qualificationCount, sessionCounts, singleImageDisplay } from '../../lib/session/study-context';
import { Message } from '../../ui/participant/message';
import { MturkPreview } from '../../ui/participant/mturk-preview';
import { StartSession } from '../../ui/participant/start-session';

export async function generateMetadata({ params }: { params: Promise<{ studyId: string }> }): Promise<Metadata> {
  const { studyId } = await params;
  const texts = await loadParticipantTexts(await getPrisma(), { studyId });
  return { title: texts?.title ?? DEFAULT_TITLE };
}

export default async function StudyLink({
  params,
  searchParams,
}: {
  params: Promise<{ studyId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { studyId } = await params;
  const query = firstValues(await searchParams);
  const db = await getPrisma();
  let minWindow = { width: 0, height: 0 };
  let device = '';
  let title = DEFAULT_TITLE;
  try {
    const arrival = await readArrival(db, studyId, query, entrySettings());
    const study = (await loadStudyContext(db, studyId))!;
    minWindow = study.config.minWindow;
    const texts = participantTexts(study.config);
    device = texts.device;
    title = texts.title;
    if (arrival.kind === 'preview') {
      const counts = sessionCounts(study.config);
      const trials = counts.practiceTrials + qualificationCount(study.config) + counts.testTrials + counts.attentionTrials;
      return <MturkPreview presentation={study.config.presentation} singleImage={singleImageDisplay(study.config)} trials={trials} />;
    }
  } catch (e) {
    if (e instanceof SessionError && e.status === 404) notFound();
    if (e instanceof SessionError) return <Message title="This link cannot be used" message={e.message} />;
    throw e;
  }
  return <StartSession studyId={studyId} params={query} minWindow={minWindow} device={device} title={title} />;
}
