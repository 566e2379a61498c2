/**
 * A single-image (HYPE) analysis as a markdown report, like formatMarkdown for 2AFC: the
 * protocol's score per method with its intervals, the fake and real error rates, method
 * differences, display timing (requested vs achieved exposure), participants; with
 * `details`, every staircase and participant.
 */
import { fastRuleWords } from './fast-answers';
import type { HypeAnalysis } from './hype-analysis';
import type { MarkdownOptions } from './format-markdown';
import type { TimeSummary } from './summarise-times';
import { MISSING, pValue, percent, percentInterval, points } from './format-figures';

function table(header: string[], align: ('l' | 'r')[], rows: string[][]): string[] {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [`| ${header.map(escape).join(' | ')} |`, `|${align.map((a) => (a === 'r' ? '---:' : ':---')).join('|')}|`, ...rows.map((r) => `| ${r.map(escape).join(' | ')} |`)];
}

const ms = (v: number | null | undefined) => (v === null || v === undefined ? MISSING : String(Math.round(v)));
const msInterval = (i: { lower: number; upper: number } | null | undefined) => (i ? `${Math.round(i.lower)}–${Math.round(i.upper)}` : MISSING);
const signedMs = (v: number | null) => (v === null ? MISSING : `${v >= 0 ? '+' : ''}${v.toFixed(1)}`);
const timeRow = (label: string, t: TimeSummary) => [label, String(t.n), ms(t.median), ms(t.q1), ms(t.q3), ms(t.iqr)];

export function formatHypeMarkdown(a: HypeAnalysis, options: MarkdownOptions = {}): string {
  const { meta } = a;
  const timed = meta.protocol === 'hype-time';
  const level = `${Math.round(meta.confidence * 1000) / 10}%`;
  const out: string[] = [];
  out.push(`# Study "${meta.study}": ${timed ? 'HYPE_time, perceptual thresholds' : 'HYPE_infinity, error rates'} (${meta.protocol})`, '');
  out.push(
    `${a.totals.analysedTrials} test trials from ${a.totals.keptParticipants} participants, ${a.totals.methods} method(s), ${a.totals.images} image(s).`,
    `Seed ${meta.seed}; ${meta.resamples} bootstrap resamples; ${level} intervals; suite version ${meta.version}.`,
    '',
  );
  for (const note of a.notes) out.push(`- ${note}`);

  if (timed) {
    out.push('', '## HYPE_time per method (ms)', '');
    out.push(
      ...table(
        ['method', 'participants', 'converged', 'HYPE_time', 'SD', 'SE (bootstrap)', `participants ${level}`, `two-way ${level}`],
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
        a.methods.map((m) => [
          m.method,
          String(m.threshold?.participants ?? 0),
          String(m.threshold?.converged ?? 0),
          ms(m.threshold?.meanMs),
          ms(m.threshold?.sdMs),
          m.threshold?.participantBootstrap ? m.threshold.participantBootstrap.se.toFixed(1) : MISSING,
          msInterval(m.threshold?.participantBootstrap),
          msInterval(m.threshold?.twoWayBootstrap),
        ]),
      ),
      '',
      `HYPE_time = mean over participants of each one's perceptual threshold: the modal exposure of their staircase after its first reversal ` +
        `(Zhou et al. 2019). Longer is better for the method: people need a longer look to tell its colorizations from real photos. ` +
        `"two-way" resamples participants and images.`,
    );
  }

  out.push('', `## ${timed ? 'Error rates (all exposures mixed)' : 'HYPE_infinity per method'}`, '');
  out.push(
    ...table(
      ['method', 'participants', 'trials', 'errors', timed ? 'error rate' : 'HYPE_infinity', `bootstrap ${level}`, `two-way ${level}`, `Wilson ${level}`, 'p vs 50%', 'fakes taken for real', 'real taken for fake'],
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      a.methods.map((m) => [
        m.method,
        String(m.participants),
        String(m.error.trials),
        String(m.error.errors),
        percent(m.error.rate),
        percentInterval(m.error.participantBootstrap),
        percentInterval(m.error.twoWayBootstrap),
        percentInterval(m.error.wilson),
        m.error.pVsChance === null ? MISSING : `${pValue(m.error.pVsChance)} (${pValue(m.error.bootstrapPVsChance)})`,
        `${percent(m.fakeError.rate)} (${m.fakeError.errors}/${m.fakeError.trials})`,
        `${percent(m.realError.rate)} (${m.realError.errors}/${m.realError.trials})`,
      ]),
    ),
    '',
    'Error rate = wrong answers / test trials, real photos and fakes together: 50% means people could not tell them apart (above 50%: the fakes look more real than the real photos). ' +
      'p-values: exact two-sided binomial test against 50%, and in brackets the participant-bootstrap p-value.',
  );
  const methodNotes = a.methods.filter((m) => m.note).map((m) => `- ${m.method}: ${m.note}`);
  if (methodNotes.length) out.push('', ...methodNotes);

  out.push('', '## Comparisons', '');
  if (a.comparisons.length === 0) out.push('Fewer than two methods with a score: nothing to compare.');
  else {
    out.push(
      ...table(
        ['A', 'B', 'A − B', `bootstrap ${level}`, 'SE'],
        ['l', 'l', 'r', 'r', 'r'],
        a.comparisons.map((c) =>
          c.statistic === 'thresholdMs'
            ? [c.methodA, c.methodB, `${signedMs(c.difference)} ms`, `${signedMs(c.bootstrap.lower)} to ${signedMs(c.bootstrap.upper)} ms`, c.bootstrap.se.toFixed(1)]
            : [c.methodA, c.methodB, points(c.difference), `${points(c.bootstrap.lower)} to ${points(c.bootstrap.upper)}`, (100 * c.bootstrap.se).toFixed(1)],
        ),
      ),
      '',
      'An interval that excludes 0 separates the two methods at this level.',
    );
  }

  if (a.exposure) {
    const e = a.exposure;
    out.push('', '## Display timing: requested vs achieved exposure (ms)', '');
    out.push(
      `${e.measured} of ${e.trials} timed trials measured. Mean requested ${e.meanRequestedMs?.toFixed(1) ?? MISSING}, mean achieved ${e.meanAchievedMs?.toFixed(1) ?? MISSING}; ` +
        `mean deviation ${signedMs(e.meanDeviationMs)} (mean absolute ${e.meanAbsDeviationMs?.toFixed(1) ?? MISSING}); largest deviation ${signedMs(e.worstDeviationMs)}.`,
      '',
      ...table(
        ['requested', 'trials', 'mean achieved', 'max |deviation|'],
        ['r', 'r', 'r', 'r'],
        e.byLevel.map((l) => [String(l.requestedMs), String(l.measured), l.meanAchievedMs.toFixed(1), l.maxAbsDeviationMs.toFixed(1)]),
      ),
      '',
      'Achieved = offset - onset of the image, from the requestAnimationFrame timestamps of the frames that showed and hid it; a display switches on frame boundaries, so deviations within half a frame are the best it can do.',
    );
  }

  out.push('', '## Response times (ms, analysed test trials)', '');
  out.push(
    ...table(
      ['trials', 'n', 'median', 'Q1', 'Q3', 'IQR'],
      ['l', 'r', 'r', 'r', 'r', 'r'],
      [timeRow('all', a.responseTimes.all), timeRow('correct', a.responseTimes.correct), timeRow('errors', a.responseTimes.errors), ...a.methods.map((m) => timeRow(m.method, m.responseTimes))],
    ),
  );

  out.push('', '## Participants', '');
  out.push(
    `${a.totals.participants} participant(s); ${a.totals.excludedParticipants} excluded (attention-check accuracy below ${meta.attentionThreshold}${fastRuleWords(meta.fastRule)}); ` +
      `${a.totals.stoppedAtQualification} stopped at the qualification block; ${a.totals.participantsWithoutChecks} kept without attention checks.`,
  );
  const listed = options.details ? a.participants : a.participants.filter((p) => p.excluded || p.testTrials === 0);
  if (listed.length) {
    out.push('');
    out.push(
      ...table(
        ['participant', 'session', 'qualification', 'attention', 'test trials', 'error rate', ...(timed ? ['thresholds (ms)'] : []), 'kept', 'reason'],
        ['l', 'r', 'r', 'r', 'r', 'r', ...(timed ? (['l'] as const) : []), 'l', 'l'],
        listed.map((p) => [
          p.participant,
          String(p.session),
          p.qualificationTrials ? `${p.qualificationCorrect}/${p.qualificationTrials}${p.passedQualification === false ? ' (failed)' : ''}` : MISSING,
          p.attentionTrials ? `${p.attentionCorrect}/${p.attentionTrials}` : MISSING,
          String(p.testTrials),
          percent(p.errorRate),
          ...(timed ? [p.thresholds.map((t) => `${t.method} ${ms(t.thresholdMs)}${t.converged ? '' : ' (no reversal)'}`).join(', ') || MISSING] : []),
          p.excluded || p.testTrials === 0 ? 'no' : 'yes',
          p.reason ?? '',
        ]),
      ),
    );
  }

  if (options.details && timed) {
    out.push('', '## Staircases', '');
    for (const s of a.staircases) {
      out.push(
        `- session ${s.session}, ${s.method}: threshold ${ms(s.thresholdMs)} ms (${s.reversals.length} reversals${s.counted ? '' : `; not counted: ${s.reason}`}); ` +
          `levels ${s.points.map((p) => `${p.exposureMs}${p.correct ? '' : '✗'}`).join(' ')}`,
      );
    }
  }
  return out.join('\n') + '\n';
}
