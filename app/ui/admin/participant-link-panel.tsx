// The link to hand to participants, in the form the study's recruitment platform needs.
import type { ParticipantLinks } from '../../lib/results/participant-links';
import styles from './admin.module.css';
import { CopyButton } from './copy-button';

const PLATFORM: Record<string, string> = { direct: 'Direct link', prolific: 'Prolific', mturk: 'Amazon Mechanical Turk' };

export function ParticipantLinkPanel({ links }: { links: ParticipantLinks }) {
  return (
    <div className={styles.card} data-testid="participant-link">
      <div className={styles.small}>
        <strong>{PLATFORM[links.platform]}</strong>
      </div>
      <div className={styles.linkBox}>
        <code>{links.url}</code>
        <CopyButton text={links.url} />
      </div>
      {links.externalQuestion && (
        <>
          <div className={styles.small}>ExternalQuestion for the HIT:</div>
          <code className={styles.codeBlock}>{links.externalQuestion}</code>
          <CopyButton text={links.externalQuestion} label="Copy XML" />
        </>
      )}
      <ul className={styles.notes}>
        {links.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </div>
  );
}
