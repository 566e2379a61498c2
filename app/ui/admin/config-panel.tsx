// The study's parameters in words, and the stored config itself.
import type { StudyConfig } from '../../lib/study/config';
import styles from './admin.module.css';

function presentation(c: StudyConfig): string {
  const { mode, exposureMs, gapMs } = c.presentation;
  if (mode === 'sequential') return `sequential: left then right, ${exposureMs} ms each, ${gapMs} ms apart`;
  if (mode === 'side-by-side') return `side by side for ${exposureMs} ms`;
  return 'side by side until the participant answers';
}

function hypeDisplay(c: StudyConfig): string {
  if (c.protocol === 'hype-infinity') return 'one photo at a time, until the participant answers (HYPE_∞)';
  const s = c.hype.staircase;
  return (
    `one photo at a time for a staircase-controlled exposure (HYPE_time): from ${s.startMs} ms within ${s.minMs}–${s.maxMs} ms, ` +
    `${s.down} right in a row shorten it and an error lengthens it by ${s.stepMs} ms (${s.initialStepMs} ms until the first reversal); a ${c.hype.maskMs} ms mask after each photo`
  );
}

export function ConfigPanel({ config, text, seed }: { config: StudyConfig | null; text: string; seed: number }) {
  return (
    <div className={styles.card}>
      {config ? (
        <dl className={styles.explain} style={{ marginTop: 0 }}>
          <div>
            <dt>Session</dt>
            <dd>
              {config.session.practiceTrials} {config.protocol === '2afc' ? 'practice' : 'tutorial'} trials with feedback,{' '}
              {config.protocol !== '2afc' && config.hype.qualification.trials > 0
                ? `${config.hype.qualification.trials} qualification trials (pass mark ${Math.round(config.hype.qualification.minAccuracy * 100)}%, fakes from ${config.hype.qualification.fakes === 'attention' ? 'the random-colour versions' : 'the methods'}), `
                : ''}
              {config.session.testTrials} test trials, about {Math.round(config.session.attentionRate * 100)}% attention checks;{' '}
              {config.session.assignment === 'mixed' ? 'every method in each session' : 'one method per session'}
            </dd>
          </div>
          <div>
            <dt>Presentation</dt>
            <dd>
              {config.protocol === '2afc' ? presentation(config) : hypeDisplay(config)}; images {config.imageSize} × {config.imageSize} px
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
