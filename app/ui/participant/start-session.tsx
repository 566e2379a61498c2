'use client';
/**
 * Arriving through a study link: asks the server for this participant's session (created,
 * or the existing one given back) and moves on to it. Creating it from the browser, not while
 * rendering the link, keeps link previews and crawlers from starting sessions, and lets the
 * server set the cookie that keeps a direct-link participant's id.
 */
import { useEffect, useState } from 'react';
import type { StartResult } from '../../lib/session/api-types';
import { ApiError, postJson } from './api';
import { ConnectionNotice } from './connection-notice';
import styles from './participant.module.css';

export function StartSession({ studyId, params }: { studyId: string; params: Record<string, string> }) {
  const [error, setError] = useState<string | null>(null);
  const [trouble, setTrouble] = useState(false);
  useEffect(() => {
    let live = true;
    postJson<StartResult>('/api/sessions', { studyId, params }, setTrouble).then(
      (r) => live && window.location.replace(`/p/${r.token}`),
      (e) => live && setError(e instanceof ApiError ? e.message : 'The study could not be started. Please reload the page.'),
    );
    return () => {
      live = false;
    };
  }, [studyId, params]);
  return (
    <main className={styles.page}>
      <div className={styles.card}>{error ? <p className={styles.error} data-testid="start-error">{error}</p> : <p>Starting the study…</p>}</div>
      {trouble && <ConnectionNotice />}
    </main>
  );
}
