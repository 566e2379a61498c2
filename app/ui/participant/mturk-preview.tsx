import type { SessionState, SingleImageDisplay } from '../../lib/session/api-types';
import styles from './participant.module.css';
import { estimatedMinutes, KEYS, QUESTION, SINGLE_IMAGE_KEYS, SINGLE_IMAGE_QUESTION, singleImageMinutes, singleImageTaskSentence, taskSentence } from './texts';

/**
 * What an MTurk worker sees before accepting the HIT: the task and a schematic example.
 * No study photo is shown (a worker who saw one here would recognise it later), and nothing
 * is created on the server.
 */
export function MturkPreview({ presentation, singleImage, trials }: { presentation: SessionState['presentation']; singleImage: SingleImageDisplay | null; trials: number }) {
  if (singleImage) {
    return (
      <main className={styles.page}>
        <h1>Colour perception study (preview)</h1>
        <div className={styles.card} data-testid="mturk-preview">
          <p>
            You will look at up to {trials} photos, one at a time, and say for each whether its colours are real or fake. It takes about{' '}
            {singleImageMinutes(trials, singleImage)} minutes and needs a computer (not a phone) with a keyboard.
          </p>
          <p>{singleImageTaskSentence(singleImage)}</p>
          <div className={styles.example} aria-label="example of a trial">
            <div>a photo</div>
          </div>
          <p style={{ textAlign: 'center' }}>
            <strong>{SINGLE_IMAGE_QUESTION}</strong> <span className={styles.kbd}>{SINGLE_IMAGE_KEYS.real}</span> real &nbsp;{' '}
            <span className={styles.kbd}>{SINGLE_IMAGE_KEYS.fake}</span> fake
          </p>
          <p>
            <strong>Accept the HIT to begin.</strong>
          </p>
        </div>
      </main>
    );
  }
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
