import type { SessionState } from '../../lib/session/api-types';
import styles from './participant.module.css';
import { estimatedMinutes, KEYS, QUESTION, taskSentence } from './texts';

/**
 * What an MTurk worker sees before accepting the HIT: the task and a schematic example.
 * No study photo is shown (a worker who saw one here would recognise it later), and nothing
 * is created on the server.
 */
export function MturkPreview({ presentation, trials }: { presentation: SessionState['presentation']; trials: number }) {
  return (
    <main className={styles.page}>
      <h1>Colour perception study (preview)</h1>
      <div className={styles.card} data-testid="mturk-preview">
        <p>
          You will look at {trials} pairs of photos and say, for each pair, which photo has fake colours. It takes about{' '}
          {estimatedMinutes(trials, presentation)} minutes and needs a computer (not a phone) with a keyboard.
        </p>
        <p>{taskSentence(presentation)}</p>
        <div className={styles.example} aria-label="example of a trial">
          <div>first photo</div>
          <div>second photo</div>
        </div>
        <p style={{ textAlign: 'center' }}>
          <strong>{QUESTION}</strong> <span className={styles.kbd}>{KEYS.left}</span> first &nbsp; <span className={styles.kbd}>{KEYS.right}</span> second
        </p>
        <p>
          <strong>Accept the HIT to begin.</strong>
        </p>
      </div>
    </main>
  );
}
