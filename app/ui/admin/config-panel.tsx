// The study's parameters in words, and the stored config itself.
import type { StudyConfig } from '../../lib/study/config';
import styles from './admin.module.css';

function presentation(c: StudyConfig): string {
  const { mode, exposureMs, gapMs } = c.presentation;
  if (mode === 'sequential') return `sequential: left then right, ${exposureMs} ms each, ${gapMs} ms apart`;
  if (mode === 'side-by-side') return `side by side for ${exposureMs} ms`;
  return 'side by side until the participant answers';
}

export function ConfigPanel({ config, text, seed }: { config: StudyConfig | null; text: string; seed: number }) {
  return (
    <div className={styles.card}>
      {config ? (
        <dl className={styles.explain} style={{ marginTop: 0 }}>
          <div>
            <dt>Session</dt>
            <dd>
              {config.session.practiceTrials} practice trials with feedback, {config.session.testTrials} test trials, about{' '}
              {Math.round(config.session.attentionRate * 100)}% attention checks; {config.session.assignment === 'mixed' ? 'every method in each session' : 'one method per session'}
            </dd>
          </div>
          <div>
            <dt>Presentation</dt>
            <dd>
              {presentation(config)}; images {config.imageSize} × {config.imageSize} px
            </dd>
          </div>
          <div>
            <dt>Attention rule</dt>
            <dd>
              participants who identify fewer than {Math.round(config.attention.minAccuracy * 100)}% of the {config.attention.kind} checks are excluded
            </dd>
          </div>
          <div>
            <dt>Recruitment and seed</dt>
            <dd>
              {config.recruitment.platform}; minimum window {config.minWindow.width} × {config.minWindow.height}; seed {seed}
            </dd>
          </div>
        </dl>
      ) : (
        <p className={styles.muted}>The stored config could not be read with this version of the suite; it is shown as stored.</p>
      )}
      <details className={styles.details} style={{ marginTop: '0.75rem' }}>
        <summary>Stored config (JSON)</summary>
        <code className={styles.codeBlock}>{text}</code>
      </details>
    </div>
  );
}
