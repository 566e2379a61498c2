'use client';
/**
 * The participant's session in the browser, driven by the stage the server holds:
 * consent -> instructions + browser check -> practice (or tutorial) -> [qualification] -> test -> debrief -> completion
 * (or an early end, or the participant withdrawing). The page starts from the state rendered
 * by the server, so a reload resumes at the same stage and trial. Every screen focuses its
 * heading and names itself in the document title (screen.tsx).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AdvanceBody, SessionState } from '../../lib/session/api-types';
import type { ParticipantTexts } from '../../lib/session/participant-texts';
import { ApiError, getJson, postJson } from './api';
import { Completion } from './completion';
import { ConnectionNotice } from './connection-notice';
import { Consent } from './consent';
import { Debrief } from './debrief';
import { Ended } from './ended';
import { Instructions } from './instructions';
import styles from './participant.module.css';
import { StudyTitle } from './screen';
import { TrialLoader } from './preload';
import { TrialBlock } from './trial-block';

export function ParticipantApp({ token, initial, texts }: { token: string; initial: SessionState; texts: ParticipantTexts }) {
  const [state, setState] = useState(initial);
  const [trouble, setTrouble] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const loader = useMemo(() => new TrialLoader(token, setTrouble), [token]);

  const resync = useCallback(async () => {
    setError(null);
    setState(await getJson<SessionState>(`/api/sessions/${token}`, setTrouble));
  }, [token]);

  // The debrief text comes with the server's state at the debrief stage; the last answer's
  // reply only says the stage changed, so fetch the state once to get it.
  const needsDebrief = state.stage === 'debrief' && state.debrief === null;
  useEffect(() => {
    if (needsDebrief) void resync().catch(() => undefined);
  }, [needsDebrief, resync]);

  const withdraw = useCallback(async () => {
    try {
      setState(await postJson<SessionState>(`/api/sessions/${token}/withdraw`, { confirm: true }, setTrouble));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) await resync();
      else setError(e instanceof Error ? e.message : String(e));
    }
  }, [token, resync]);

  const advance = useCallback(
    async (body: AdvanceBody) => {
      try {
        setState(await postJson<SessionState>(`/api/sessions/${token}/stage`, body, setTrouble));
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) await resync();
        else setError(e instanceof Error ? e.message : String(e));
      }
    },
    [token, resync],
  );

  let body: React.ReactNode;
  switch (state.stage) {
    case 'consent':
      body = <Consent texts={texts} onDecide={(consent) => advance({ from: 'consent', consent })} />;
      break;
    case 'instructions':
      body = <Instructions state={state} texts={texts} onChecked={(check) => advance({ from: 'instructions', check })} onWithdraw={withdraw} />;
      break;
    case 'practice':
    case 'qualification':
    case 'test':
      body = (
        <TrialBlock
          key={`${state.stage}:${state.nextTrial}`}
          token={token}
          state={state}
          loader={loader}
          onState={setState}
          resync={resync}
          onTrouble={setTrouble}
          onWithdraw={withdraw}
        />
      );
      break;
    case 'debrief':
      body = <Debrief source={state.debrief ?? ''} onFinish={() => advance({ from: 'debrief' })} onWithdraw={withdraw} />;
      break;
    case 'complete':
      body = state.completion && <Completion completion={state.completion} texts={texts} />;
      break;
    default:
      body = state.ended && <Ended ended={state.ended} stage={state.stage} texts={texts} />;
  }
  return (
    <StudyTitle.Provider value={texts.title}>
      <div data-session-stage={state.stage}>
        {body}
        {error && (
          <p className={`${styles.notice} ${styles.error}`} role="alert">
            {error}
          </p>
        )}
        {trouble && <ConnectionNotice />}
      </div>
    </StudyTitle.Provider>
  );
}
