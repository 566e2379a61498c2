// The results sections of a single-image (HYPE) study: headline numbers, the score per method
// with its chart, method differences, every staircase (hype-time), requested vs achieved
// exposure, exclusions and notes, participants and response times.
import type { StudyResults } from '../../lib/results/study-results';
import type { HypeAnalysis } from '../../lib/stats';
import styles from './admin.module.css';
import { ExposureTiming } from './exposure-timing';
import { count, milliseconds, percent, points } from './format';
import { HypeMethodTable } from './hype-method-table';
import { HypeParticipantTable } from './hype-participant-table';
import { HypeScoreChart } from './hype-score-chart';
import { ImageTable } from './image-table';
import { StaircasePlot } from './staircase-plot';
import { FastRule } from './exclusions-panel';
import { Tiles } from './tiles';

function TimesLine({ label, t }: { label: string; t: HypeAnalysis['responseTimes']['all'] }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{t.n === 0 ? 'no trials' : `median ${milliseconds(t.median)} (IQR ${milliseconds(t.q1)}–${milliseconds(t.q3)}, ${count(t.n)} trials)`}</dd>
    </div>
  );
}

export function HypeResults({ results, hype }: { results: StudyResults; hype: HypeAnalysis }) {
  const timed = hype.meta.protocol === 'hype-time';
  const staircase = results.config?.hype.staircase;
  const bounds = staircase ? { minMs: staircase.minMs, maxMs: staircase.maxMs } : null;
  const plotBounds = bounds ?? {
    minMs: Math.min(...hype.staircases.flatMap((s) => s.points.map((p) => p.exposureMs)), 100),
    maxMs: Math.max(...hype.staircases.flatMap((s) => s.points.map((p) => p.exposureMs)), 1000),
  };
  const byMethod = hype.methods.map((m) => ({ method: m.method, staircases: hype.staircases.filter((s) => s.method === m.method) }));
  return (
    <>
      <Tiles
        items={[
          { label: 'participants analysed', value: `${count(hype.totals.keptParticipants)} of ${count(hype.totals.participants)}` },
          { label: hype.meta.fastRule?.maxFastShare != null ? 'excluded by the rules' : 'excluded by the attention rule', value: count(hype.totals.excludedParticipants) },
          { label: 'stopped at the qualification', value: count(hype.totals.stoppedAtQualification) },
          { label: 'test trials analysed', value: count(hype.totals.analysedTrials) },
          { label: 'methods', value: count(hype.methods.length) },
        ]}
      />

      <section className={styles.section}>
        <h2>{timed ? 'HYPE_time per method' : 'HYPE_∞ per method'}</h2>
        <p className={styles.lede}>
          {timed
            ? 'How long participants must see a photo to tell a method’s colorizations from real photos (Zhou et al. 2019): each participant’s threshold is the exposure their adaptive staircase settled at, and the score is the mean over participants. Longer is better for the method.'
            : 'How often participants mistook a method’s colorizations for real photos, or real photos for fakes, with unlimited time (Zhou et al. 2019). 50% means they could not tell them apart; higher is better for the method.'}
        </p>
        <div className={styles.card}>
          <HypeScoreChart
            protocol={hype.meta.protocol}
            bounds={bounds}
            methods={hype.methods.map((m) => ({
              method: m.method,
              participants: timed ? (m.threshold?.participants ?? 0) : m.participants,
              value: timed ? (m.threshold?.meanMs ?? null) : m.error.rate,
              interval: timed ? (m.threshold?.participantBootstrap ?? null) : m.error.participantBootstrap,
            }))}
          />
          <dl className={styles.explain}>
            {timed ? (
              <>
                <div>
                  <dt>Staircase</dt>
                  <dd>
                    Each photo is shown for a time that adapts to the participant: {staircase ? `${staircase.down} right answers in a row shorten it by ${staircase.stepMs} ms, a wrong one lengthens it` : 'right answers shorten it, wrong ones lengthen it'}, so it settles where they are right about{' '}
                    {staircase ? percent(0.5 ** (1 / staircase.down), 1) : 'four times in five'} of the time. Real photos and fakes are mixed half and half.
                  </dd>
                </div>
                <div>
                  <dt>Threshold</dt>
                  <dd>
                    The exposure shown most often after the staircase first turned (the modal exposure); a staircase that never turned is marked. Staircases of fewer than {hype.meta.minStaircaseTrials} test trials are not counted.
                  </dd>
                </div>
              </>
            ) : (
              <div>
                <dt>Error rate</dt>
                <dd>Wrong answers over all test trials of the method, real photos and fakes together; the table gives both kinds apart.</dd>
              </div>
            )}
            <div>
              <dt>Error bars</dt>
              <dd>95% percentile intervals of a bootstrap over participants. The table adds the bootstrap over participants and photos, which also allows for photos that are easier or harder to judge.</dd>
            </div>
          </dl>
        </div>
      </section>

      <section className={styles.section}>
        <h2>Per method</h2>
        <HypeMethodTable methods={hype.methods} timed={timed} />
        <p className={`${styles.small} ${styles.muted}`} data-testid="analysis-meta">
          Statistics module {hype.meta.version} · seed {hype.meta.seed} · {hype.meta.resamples.toLocaleString('en-US')} bootstrap resamples · reproduce with{' '}
          <code>npm run stats -- --study {hype.meta.study} --seed {hype.meta.seed}</code>
        </p>
      </section>

      {hype.comparisons.length > 0 && (
        <section className={styles.section}>
          <h2>Method differences</h2>
          <div className={styles.tableWrap}>
            <table className={styles.table} data-testid="hype-comparisons">
              <thead>
                <tr>
                  <th>A</th>
                  <th>B</th>
                  <th className="num">A − B</th>
                  <th className="num">95% bootstrap interval</th>
                </tr>
              </thead>
              <tbody>
                {hype.comparisons.map((c) => (
                  <tr key={`${c.methodA}-${c.methodB}`}>
                    <td>{c.methodA}</td>
                    <td>{c.methodB}</td>
                    <td className="num">{c.statistic === 'thresholdMs' ? `${c.difference >= 0 ? '+' : '−'}${Math.abs(c.difference).toFixed(0)} ms` : points(c.difference)}</td>
                    <td className="num">
                      {c.statistic === 'thresholdMs' ? `${c.bootstrap.lower.toFixed(0)} to ${c.bootstrap.upper.toFixed(0)} ms` : `${points(c.bootstrap.lower)} to ${points(c.bootstrap.upper)}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {timed && hype.staircases.length > 0 && (
        <section className={styles.section}>
          <h2>Staircases</h2>
          <p className={styles.lede}>
            Each participant’s exposure trial by trial: dots are right answers, crosses wrong ones, rings the reversals; the shaded trials count for the threshold (dashed).
          </p>
          {byMethod.map(({ method, staircases }) => (
            <div key={method} className={styles.card} style={{ marginBottom: '0.75rem' }} data-testid="staircases" data-method={method}>
              <h3 style={{ margin: '0 0 0.5rem', fontSize: '1rem' }}>{method}</h3>
              {staircases.length === 0 && <p className={`${styles.small} ${styles.muted}`}>No staircase yet.</p>}
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.75rem' }}>
                {staircases.map((s) => (
                  <figure key={`${s.participant}-${s.method}`} style={{ margin: 0 }}>
                    <StaircasePlot staircase={s} bounds={plotBounds} />
                    <figcaption className={styles.small}>
                      Session {s.session}: {milliseconds(s.thresholdMs)}
                      {!s.converged && ' (no reversal)'}
                      {!s.counted && <span className={styles.muted}> · not counted: {s.reason}</span>}
                    </figcaption>
                  </figure>
                ))}
              </div>
            </div>
          ))}
        </section>
      )}

      {hype.exposure && (
        <section className={styles.section}>
          <h2>Display timing: requested vs achieved exposure</h2>
          <ExposureTiming exposure={hype.exposure} />
        </section>
      )}

      <section className={styles.section}>
        <h2>Exclusions</h2>
        <div className={styles.card} data-testid="exclusions">
          <p style={{ marginTop: 0 }}>
            <strong>Attention rule:</strong> attention checks show an obviously wrong colorization (random colours) alone. Participants who call
            fewer than {Math.round(hype.meta.attentionThreshold * 100)}% of them fake are excluded.{' '}
            <FastRule rule={hype.meta.fastRule} />{' '}
            <strong>Qualification:</strong> participants who miss the qualification block’s pass mark
            {hype.meta.qualificationThreshold !== null ? ` (${Math.round(hype.meta.qualificationThreshold * 100)}% right)` : ''} end there with the
            screened-out code; their answers are kept and listed below, never scored.
          </p>
          <ul className={styles.notes} data-testid="analysis-notes">
            {hype.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      </section>

      {hype.images.length > 0 && (
        <section className={styles.section}>
          <h2>Per photo</h2>
          <p className={styles.lede}>Share of each photo&rsquo;s fakes taken for real, by method (fooled / fake test trials, kept participants{timed ? ', all exposures' : ''}); darker is higher.</p>
          <ImageTable images={hype.images} methods={hype.methods.map((m) => m.method)} />
        </section>
      )}

      <section className={styles.section}>
        <h2>Per participant</h2>
        <HypeParticipantTable participants={results.hypeParticipants} timed={timed} />
      </section>

      <section className={styles.section}>
        <h2>Response times</h2>
        <div className={styles.card}>
          <dl className={styles.explain} style={{ marginTop: 0 }} data-testid="response-times">
            <TimesLine label="All test trials" t={hype.responseTimes.all} />
            <TimesLine label="Right answers" t={hype.responseTimes.correct} />
            <TimesLine label="Wrong answers" t={hype.responseTimes.errors} />
          </dl>
        </div>
      </section>
    </>
  );
}
