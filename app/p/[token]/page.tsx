// /p/<token>: a participant's session. The first render carries the session state (stage and
// progress only); the client component takes it from there.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getPrisma } from '../../lib/db/client';
import { SessionError } from '../../lib/session/errors';
import { getSessionState } from '../../lib/session/state';
import { Message } from '../../ui/participant/message';
import { ParticipantApp } from '../../ui/participant/participant-app';

export const metadata: Metadata = { title: 'Colour perception study', referrer: 'no-referrer' };

export default async function ParticipantPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  try {
    const state = await getSessionState(await getPrisma(), token);
    return <ParticipantApp token={token} initial={state} />;
  } catch (e) {
    if (e instanceof SessionError && e.status === 404) notFound();
    if (e instanceof SessionError) return <Message title="This session cannot be shown" message={e.message} />;
    throw e;
  }
}
