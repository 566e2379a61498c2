'use client';
/**
 * Arriving through a study link: checks the device first, then asks the server for this
 * participant's session (created, or the existing one given back) and moves on to it.
 * Creating it from the browser, not while rendering the link, keeps link previews and
 * crawlers from starting sessions, and lets the server set the cookie that keeps a
 * direct-link participant's id. A phone or a small window is turned away here, before any
 * session exists, so the same Prolific id can still take part later from a computer.
 */
import { useEffect, useState } from 'react';
import type { StartResult } from '../../lib/session/api-types';
import { evaluateBrowserCheck, type BrowserCheckVerdict } from '../../lib/trial-types/browser-check';
import { ApiError, postJson } from './api';
import { ConnectionNotice } from './connection-notice';
import styles from './participant.module.css';
import { ScreenHeading, StudyTitle } from './screen';

function deviceVerdict(minWindow: { width: number; height: number }): BrowserCheckVerdict {
  return evaluateBrowserCheck(
    {
      userAgent: navigator.userAgent,
      windowWidth: window.innerWidth,
      windowHeight: window.innerHeight,
      screenWidth: window.screen.width,
      screenHeight: window.screen.height,
      devicePixelRatio: window.devicePixelRatio,
      refreshHz: null,
      touchOnly: !window.matchMedia('(any-pointer: fine)').matches,
    },
    { minWindow },
  );
}

export function StartSession({
  studyId,
  params,
  minWindow,
  device,
  title,
}: {
  studyId: string;
  params: Record<string, string>;
  minWindow: { width: number; height: number };
  device: string;
  /** The study's title, for the document title. */
  title: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [trouble, setTrouble] = useState(false);
  const [verdict, setVerdict] = useState<BrowserCheckVerdict | null>(null);

  useEffect(() => {
    const update = () => setVerdict(deviceVerdict(minWindow));
    update();
    window.addEventListener('resize', update);
    return () => window.removeEventListener('resize', update);
  }, [minWindow]);

  const ready = verdict?.ok === true;
  useEffect(() => {
    if (!ready) return;
    let live = true;
    postJson<StartResult>('/api/sessions', { studyId, params }, setTrouble).then(
      (r) => live && window.location.replace(`/p/${r.token}`),
      (e) => live && setError(e instanceof ApiError ? e.message : 'The study could not be started. Please reload the page.'),
    );
    return () => {
      live = false;
    };
  }, [studyId, params, ready]);

  let body: React.ReactNode = <p>Starting the study…</p>;
  if (error) body = <p className={styles.error} data-testid="start-error">{error}</p>;
  else if (verdict && !verdict.ok) {
    body = (
      <div data-testid="device-refused">
        <p>{verdict.message}</p>
        <p>{device}</p>
        <p className={styles.muted}>
          {verdict.reason === 'window'
            ? 'Enlarge the window (or zoom out with Ctrl and −): the study starts as soon as it is large enough.'
            : 'Nothing has been recorded: please open the same link again on a computer.'}
        </p>
      </div>
    );
  }
  const heading = error ? 'This study cannot be started' : verdict && !verdict.ok ? 'This device cannot take part' : 'Starting the study';
  return (
    <StudyTitle.Provider value={title}>
      <main className={styles.page}>
        <ScreenHeading key={heading} title={heading}>
          {heading}
        </ScreenHeading>
        <div className={styles.card}>{body}</div>
        {trouble && <ConnectionNotice />}
      </main>
    </StudyTitle.Provider>
  );
}
