// /admin/studies/<id>/results: fooling rates with intervals, the chart, exclusions,
// metrics, example trials, per-photo and per-participant tables, and the downloads; for the
// single-image (HYPE) protocols, their scores, staircases and display timing instead (hype-results.tsx).
import { notFound } from 'next/navigation';
import { requireAdmin } from '../../../../lib/auth/page-guard';
import { getPrisma } from '../../../../lib/db/client';
import { BOOTSTRAP_MIN_PARTICIPANTS, CHART_INTERVAL_NAMES, chartInterval } from '../../../../lib/results/chart-interval';
import { parseSourceFilter, REAL_SOURCES, sourceFilterParam } from '../../../../lib/results/source-filter';
import { loadStudyResults } from '../../../../lib/results/study-results';
import { firstValues } from '../../../../lib/session/recruitment';
import { SourceNotice } from '../../../../ui/admin/source-notice';
import { AutoRefresh } from '../../../../ui/admin/auto-refresh';
import styles from '../../../../ui/admin/admin.module.css';
import { ComparisonsTable } from '../../../../ui/admin/comparisons-table';
import { Downloads } from '../../../../ui/admin/downloads';
import { ExampleGallery } from '../../../../ui/admin/example-gallery';
import { ExcludedList, ExclusionsPanel } from '../../../../ui/admin/exclusions-panel';
import { FoolingRateChart } from '../../../../ui/admin/fooling-rate-chart';
import { HypeResults } from '../../../../ui/admin/hype-results';
import { count } from '../../../../ui/admin/format';
import { ImageTable } from '../../../../ui/admin/image-table';
import { MethodResultsTable } from '../../../../ui/admin/method-results-table';
import { MetricsTable } from '../../../../ui/admin/metrics-table';
import { ParticipantTable } from '../../../../ui/admin/participant-table';
import { ResponseTimes } from '../../../../ui/admin/response-times';
import { StudyHeader } from '../../../../ui/admin/study-header';
import { Tiles } from '../../../../ui/admin/tiles';

const RESULTS_REFRESH_SECONDS = 30;

export default async function ResultsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  let sources;
  try {
    sources = parseSourceFilter(firstValues(await searchParams).sources);
  } catch {
    sources = REAL_SOURCES;
  }
  const filter = sourceFilterParam(sources);
  await requireAdmin(`/admin/studies/${encodeURIComponent(id)}/results${filter ? `?sources=${encodeURIComponent(filter)}` : ''}`);
  const results = await loadStudyResults(await getPrisma(), id, sources);
  if (!results) notFound();
  const sourcesParam = sourceFilterParam(results.sources);
  const { study, analysis, hype } = results;
  const methodNames = results.metrics.map((m) => m.method);
  const interval = analysis ? chartInterval(analysis.methods) : 'wilson';
  return (
    <>
      <StudyHeader id={study.id} name={study.name} status={study.status} protocol={study.protocol} current="results" />
      <SourceNotice studyId={study.id} sourcesParam={sourcesParam} hidden={results.hiddenSessions} />
      {results.withdrawnSessions > 0 && (
        <p className={styles.lede} data-testid="withdrawn-notice">
          {results.withdrawnSessions} participant{results.withdrawnSessions === 1 ? '' : 's'} withdrew: their answers are left out of every figure and
          download (they are listed on the Participants page).
        </p>
      )}
      <AutoRefresh seconds={RESULTS_REFRESH_SECONDS} />
      {hype && <HypeResults results={results} hype={hype} />}
      {analysis && (
        <Tiles
          items={[
            { label: 'participants analysed', value: `${count(analysis.totals.keptParticipants)} of ${count(analysis.totals.participants)}` },
            { label: analysis.meta.fastRule?.maxFastShare != null ? 'excluded by the rules' : 'excluded by the attention rule', value: count(analysis.totals.excludedParticipants) },
            { label: 'test trials analysed', value: count(analysis.totals.analysedTrials) },
            { label: 'methods', value: count(analysis.methods.length) },
          ]}
        />
      )}
      {!analysis && !hype && (
        <div className={styles.empty} data-testid="results-empty">
          <strong>Nothing to analyse yet.</strong>
          {results.emptyReason} Share the participant link from the{' '}
          <a href={`/admin/studies/${encodeURIComponent(study.id)}`}>overview</a>.
          {results.emptyExcluded.length > 0 && (
            <>
              <p>Excluded, and why:</p>
              <ExcludedList participants={results.emptyExcluded} />
            </>
          )}
        </div>
      )}

      {analysis && (
        <>
          <section className={styles.section}>
            <h2>Fooling rate per method</h2>
            <p className={styles.lede}>
              Share of test trials in which participants took the colorization for the real photo. 50% means they could not tell
              them apart; Zhang et al. (2016) fooled participants in 32.3% of trials with their full method.
            </p>
            <div className={styles.card}>
              <FoolingRateChart
                methods={analysis.methods.map((m) => ({
                  method: m.method,
                  trials: m.trials,
                  participants: m.participants,
                  foolingRate: m.foolingRate,
                  interval: interval === 'bootstrap' ? m.clusterBootstrap : m.wilson,
                }))}
                zhang={analysis.meta.references.zhang}
                chance={analysis.meta.references.chance}
                intervalName={CHART_INTERVAL_NAMES[interval]}
              />
              <dl className={styles.explain}>
                <div>
                  <dt>Fooling rate</dt>
                  <dd>
                    In each test trial the participant saw the real photo and a colorization of it and chose the one with fake colours.
                    A trial counts as fooled when they chose the real photo. Practice and attention trials are not counted.
                  </dd>
                </div>
                <div>
                  <dt>Error bars: {CHART_INTERVAL_NAMES[interval]}</dt>
                  <dd data-testid="interval-explanation">
                    {interval === 'bootstrap'
                      ? 'Resampling participants, then their trials: it allows for participants who are easier or harder to fool than others, and is the interval to report.'
                      : `Wilson score interval for a binomial proportion, which treats every trial as independent. The bars switch to the participant bootstrap (the interval to report, in the table below) once every method has ${BOOTSTRAP_MIN_PARTICIPANTS} participants.`}
                  </dd>
                </div>
                <div>
                  <dt>Reference lines</dt>
                  <dd>
                    Dashed black: 50%, a colorization indistinguishable from the real photo. Dash-dot orange: Zhang et al.&rsquo;s 32.3%
                    (ImageNet, 40 participants per method; their ± is a bootstrap standard error, not a 95% interval).
                  </dd>
                </div>
              </dl>
            </div>
          </section>

          <section className={styles.section}>
            <h2>Per method</h2>
            <p className={styles.lede}>
              Three 95% intervals: Wilson and Clopper–Pearson (exact) treat trials as independent; the bootstrap resamples
              participants and is the one comparable to Zhang et al.&rsquo;s ± (its SE). p-values: exact two-sided binomial tests.
            </p>
            <MethodResultsTable methods={analysis.methods} />
            <p className={`${styles.small} ${styles.muted}`} data-testid="analysis-meta">
              Statistics module {analysis.meta.version} · seed {analysis.meta.seed} · {analysis.meta.resamples.toLocaleString('en-US')} bootstrap resamples ·
              reproduce with <code>npm run stats -- --study {study.id} --seed {analysis.meta.seed}</code>
            </p>
          </section>

          {analysis.comparisons.length > 0 && (
            <section className={styles.section}>
              <h2>Method comparisons</h2>
              <p className={styles.lede}>
                Differences in fooling rate (first minus second) with a participant-level permutation test; p-values are
                Holm-corrected for the number of pairs.
              </p>
              <ComparisonsTable comparisons={analysis.comparisons} />
            </section>
          )}

          <section className={styles.section}>
            <h2>Exclusions</h2>
            <ExclusionsPanel analysis={analysis} />
          </section>
        </>
      )}

      {results.metricColumns.length > 0 && (
        <section className={styles.section}>
          <h2>Objective metrics</h2>
          <p className={styles.lede}>Computed against the real photos when the method was evaluated; compare them with the fooling rates above.</p>
          <MetricsTable columns={results.metricColumns} metrics={results.metrics} baselines={results.metricBaselines} />
        </section>
      )}

      {results.gallery.length > 0 && (
        <section className={styles.section}>
          <h2>Example trials</h2>
          <p className={styles.lede}>
            {hype
              ? 'A few of the study’s photos, each real photo beside every method’s colorization.'
              : 'For each method, the photo it fooled participants with most often, then others; each real photo beside every method’s colorization.'}
          </p>
          <ExampleGallery studyId={study.id} items={results.gallery} />
        </section>
      )}

      {analysis && (
        <>
          <section className={styles.section}>
            <h2>Per photo</h2>
            <p className={styles.lede}>Fooling rate of each photo by method (fooled / test trials, kept participants); darker is higher.</p>
            <ImageTable images={analysis.images} methods={methodNames} />
          </section>
          <section className={styles.section}>
            <h2>Per participant</h2>
            <ParticipantTable participants={results.participants} />
          </section>
          <section className={styles.section}>
            <h2>Response times</h2>
            <div className={styles.card}>
              <ResponseTimes times={analysis.responseTimes} />
            </div>
          </section>
        </>
      )}

      <section className={styles.section}>
        <h2>Downloads</h2>
        <p className={styles.lede}>
          Raw trials: one row per answered trial ({hype ? 'tutorial, qualification, test and attention' : 'practice, test and attention'}), with participant, method, photo, {hype ? 'real or fake, requested exposure' : 'side'}, choice,
          response time and display timing. Summary: one row per method with the figures above. Full report: every figure of the statistics module (comparisons, breakdowns, response times).
        </p>
        <Downloads studyId={study.id} sources={sourcesParam} />
      </section>
    </>
  );
}
