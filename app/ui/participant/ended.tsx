'use client';
import type { SessionState } from '../../lib/session/api-types';
import type { ParticipantTexts } from '../../lib/session/participant-texts';
import { Markdown } from '../markdown';
import styles from './participant.module.css';
import { ScreenHeading } from './screen';

const HEADINGS: Record<string, string> = {
  returned: 'You have left the study',
  withdrawn: 'You have withdrawn from the study',
};

/** A session that ended early: consent declined, the device screened out, or the participant withdrew. */
export function Ended({ ended, stage, texts }: { ended: NonNullable<SessionState['ended']>; stage: string; texts: ParticipantTexts }) {
  const heading = HEADINGS[stage] ?? 'Sorry, you cannot take part';
  return (
    <main className={styles.page}>
      <ScreenHeading title={heading}>{heading}</ScreenHeading>
      <div className={styles.card} data-testid="ended">
        {stage === 'withdrawn' && <Markdown source={texts.withdrawn} kbdClass={styles.kbd} />}
        <p>{ended.message}</p>
        {ended.code && <p className={styles.code}>{ended.code}</p>}
        {ended.returnUrl && (
          <p>
            <a href={ended.returnUrl}>Return to Prolific</a>
          </p>
        )}
      </div>
    </main>
  );
}
