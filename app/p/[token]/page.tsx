// /p/<token>: a participant's session. The first render carries the session state (stage and
// progress only) and the study's texts; the client component takes it from there.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getPrisma } from '../../lib/db/client';
import { SessionError } from '../../lib/session/errors';
import { DEFAULT_TITLE, loadParticipantTexts, pageTexts } from '../../lib/session/participant-texts';
import { getSessionState } from '../../lib/session/state';
import { Message } from '../../ui/participant/message';
import { ParticipantApp } from '../../ui/participant/participant-app';

export async function generateMetadata({ params }: { params: Promise<{ token: string }> }): Promise<Metadata> {
  const { token } = await params;
  const texts = await loadParticipantTexts(await getPrisma(), { token });
  return { title: texts?.title ?? DEFAULT_TITLE, referrer: 'no-referrer' };
}

export default async function ParticipantPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  try {
    const db = await getPrisma();
    const state = await getSessionState(db, token);
    const texts = await loadParticipantTexts(db, { token });
    if (!texts) notFound();
    return <ParticipantApp token={token} initial={state} texts={pageTexts(texts)} />;
  } catch (e) {
    if (e instanceof SessionError && e.status === 404) notFound();
    if (e instanceof SessionError) return <Message title="This session cannot be shown" message={e.message} />;
    throw e;
  }
}
