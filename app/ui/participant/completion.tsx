'use client';
/**
 * The end of a completed session. Shown only once the server has confirmed that every answer
 * is stored (the stage is 'complete'), so the Prolific redirect and the MTurk submission can
 * never outrun the data. Reloading shows it again, code included.
 */
import { useEffect, useRef } from 'react';
import type { Completion as CompletionInfo } from '../../lib/session/api-types';
import type { ParticipantTexts } from '../../lib/session/participant-texts';
import { Markdown } from '../markdown';
import styles from './participant.module.css';
import { ScreenHeading } from './screen';

const REDIRECT_DELAY_MS = 1500;

export function Completion({ completion, texts }: { completion: CompletionInfo; texts: ParticipantTexts }) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (completion.platform === 'prolific') {
      const timer = setTimeout(() => window.location.assign(completion.redirectUrl), REDIRECT_DELAY_MS);
      return () => clearTimeout(timer);
    }
    if (completion.platform === 'mturk' && completion.assignmentId) {
      const timer = setTimeout(() => form.current?.submit(), REDIRECT_DELAY_MS);
      return () => clearTimeout(timer);
    }
  }, [completion]);

  return (
    <main className={styles.page}>
      <ScreenHeading title="Completed">You have completed the study</ScreenHeading>
      <div className={styles.card} data-testid="completion">
        <Markdown source={texts.completion} kbdClass={styles.kbd} />
        {completion.platform === 'prolific' && (
          <>
            <p>
              You are being sent back to Prolific. If nothing happens, <a href={completion.redirectUrl}>click here</a>, or enter this completion
              code on Prolific:
            </p>
            <p className={styles.code} data-testid="completion-code">{completion.code}</p>
          </>
        )}
        {completion.platform === 'mturk' && (
          <form ref={form} method="POST" action={completion.action}>
            {completion.assignmentId ? (
              <>
                <input type="hidden" name="assignmentId" value={completion.assignmentId} />
                <input type="hidden" name="completionCode" value={completion.code} />
                <p>Your work is being submitted to Mechanical Turk. If nothing happens, press the button.</p>
                <button type="submit" className="primary">
                  Submit the HIT
                </button>
              </>
            ) : (
              <p>
                Your completion code: <span className={styles.code}>{completion.code}</span>
              </p>
            )}
          </form>
        )}
        {completion.platform === 'direct' && (
          <>
            <p>Your completion code (keep it if the researcher asked for one):</p>
            <p className={styles.code} data-testid="completion-code">{completion.code}</p>
            <p className={styles.muted}>You can close this page now.</p>
          </>
        )}
      </div>
    </main>
  );
}
