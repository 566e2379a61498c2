/**
 * The analysis as a markdown report: readable in a terminal, pasteable into a README or a
 * paper's notes. Rates are percentages; "±" is the two-stage cluster bootstrap SE (comparable
 * to Zhang et al.'s). With `details`, the per-image and per-participant tables are added (the
 * CSV and JSON exports always carry them).
 */
import { fastRuleWords } from './fast-answers';
import type { StudyAnalysis } from './study-analysis';
import type { TimeSummary } from './summarise-times';
import { MISSING, pValue, percent, percentInterval, points } from './format-figures';

export interface MarkdownOptions {
  /** add the per-image and per-participant tables */
  details?: boolean;
}

function table(header: string[], align: ('l' | 'r')[], rows: string[][]): string[] {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${header.map(escape).join(' | ')} |`,
    `|${align.map((a) => (a === 'r' ? '---:' : ':---')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(escape).join(' | ')} |`),
  ];
}

const ms = (v: number | null) => (v === null ? MISSING : String(Math.round(v)));
const timeRow = (label: string, t: TimeSummary) => [label, String(t.n), ms(t.median), ms(t.q1), ms(t.q3), ms(t.iqr)];

export function formatMarkdown(a: StudyAnalysis, options: MarkdownOptions = {}): string {
  const { meta } = a;
  const level = `${Math.round(meta.confidence * 1000) / 10}%`;
  const out: string[] = [];
  out.push(`# Study "${meta.study}": fooling rates (2AFC)`, '');
  out.push(
    `${a.totals.analysedTrials} test trials from ${a.totals.keptParticipants} participants, ${a.totals.methods} method(s), ${a.totals.images} image(s).`,
    `Seed ${meta.seed}; ${meta.resamples} bootstrap resamples; ${meta.permutations} permutations; ${level} intervals; suite version ${meta.version}.`,
    '',
  );
  for (const note of a.notes) out.push(`- ${note}`);
  out.push('', '## Fooling rate per method', '');
  out.push(
    ...table(
      ['method', 'participants', 'trials', 'fooled', 'rate', '± (bootstrap SE)', `bootstrap ${level}`, `two-way ${level}`, `Wilson ${level}`, `Clopper-Pearson ${level}`, 'p vs 50%', `p vs ${percent(meta.references.zhang)}`, 'ICC'],
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      a.methods.map((m) => [
        m.method,
        String(m.participants),
        String(m.trials),
        String(m.fooled),
        percent(m.foolingRate),
        m.clusterBootstrap ? `±${(100 * m.clusterBootstrap.se).toFixed(1)}` : MISSING,
        percentInterval(m.clusterBootstrap),
        percentInterval(m.twoWayBootstrap),
        percentInterval(m.wilson),
        percentInterval(m.clopperPearson),
        m.vsChance ? `${pValue(m.vsChance.pValue)} (${pValue(m.vsChance.bootstrapPValue)})` : MISSING,
        m.vsZhang ? `${pValue(m.vsZhang.pValue)} (${pValue(m.vsZhang.bootstrapPValue)})` : MISSING,
        m.icc === null ? MISSING : m.icc.toFixed(3),
      ]),
    ),
  );
  const methodNotes = a.methods.filter((m) => m.note).map((m) => `- ${m.method}: ${m.note}`);
  if (methodNotes.length) out.push('', ...methodNotes);
  out.push(
    '',
    `Rate = fake chosen as real / test trials. ± is the standard error of a two-stage bootstrap (participants, then their trials), as Zhang et al. report it; ` +
      `"two-way" resamples participants and images. p-values: exact two-sided binomial test, which treats trials as independent, and in brackets the cluster-bootstrap p-value, which does not (it agrees with the bootstrap interval).`,
  );

  out.push('', '## Comparisons', '');
  if (a.comparisons.length === 0) out.push('Fewer than two methods with test trials: nothing to compare.');
  else {
    out.push(
      ...table(
        ['A', 'B', 'design', 'A − B', `bootstrap ${level}`, 'SE', 'p', 'p (Holm)', ''],
        ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'],
        a.comparisons.map((c) => [
          c.methodA,
          c.methodB,
          c.design,
          points(c.difference),
          `${points(c.bootstrap.lower)} to ${points(c.bootstrap.upper)}`,
          (100 * c.bootstrap.se).toFixed(1),
          pValue(c.pValue),
          pValue(c.pHolm),
          c.significant ? '*' : '',
        ]),
      ),
      '',
      `p: permutation test (${meta.permutations} permutations; smallest possible p = ${pValue(1 / (meta.permutations + 1))}) that moves whole participants between methods ("between") or ` +
        `shuffles method labels within each participant ("within"). * = significant at ${pValue(1 - meta.confidence)} after Holm's correction across ${a.comparisons.length} comparison(s).`,
    );
  }

  out.push('', '## Response times (ms, analysed test trials)', '');
  out.push(
    ...table(
      ['trials', 'n', 'median', 'Q1', 'Q3', 'IQR'],
      ['l', 'r', 'r', 'r', 'r', 'r'],
      [
        timeRow('all', a.responseTimes.all),
        timeRow('fooled', a.responseTimes.fooled),
        timeRow('not fooled', a.responseTimes.notFooled),
        ...a.methods.map((m) => timeRow(m.method, m.responseTimes)),
      ],
    ),
  );

  out.push('', '## Participants', '');
  const excluded = a.participants.filter((p) => p.excluded);
  out.push(
    `${a.totals.participants} participant(s); ${a.totals.excludedParticipants} excluded (attention-check accuracy below ${meta.attentionThreshold}${fastRuleWords(meta.fastRule)}); ` +
      `${a.totals.participantsWithoutChecks} kept without attention checks.`,
  );
  if (excluded.length) {
    out.push('');
    out.push(
      ...table(
        ['participant', 'session', 'attention', 'test trials', 'reason'],
        ['l', 'r', 'r', 'r', 'l'],
        excluded.map((p) => [p.participant, String(p.session), `${p.attentionCorrect}/${p.attentionTrials}`, String(p.testTrials), p.reason ?? '']),
      ),
    );
  }

  if (options.details) {
    out.push('', '## Per image', '');
    const names = a.methods.map((m) => m.method);
    out.push(
      ...table(
        ['image', 'trials', 'rate', ...names],
        ['l', 'r', 'r', ...names.map((): 'r' => 'r')],
        a.images.map((img) => [
          img.image,
          String(img.trials),
          percent(img.foolingRate),
          ...names.map((n) => {
            const cell = img.byMethod.find((c) => c.method === n);
            return cell ? `${percent(cell.foolingRate, 0)} (${cell.fooled}/${cell.trials})` : MISSING;
          }),
        ]),
      ),
    );
    out.push('', '## Per participant', '');
    out.push(
      ...table(
        ['participant', 'session', 'methods', 'test trials', 'fooled', 'rate', 'attention', 'median RT', 'kept'],
        ['l', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'l'],
        a.participants.map((p) => [
          p.participant,
          String(p.session),
          p.methods.join(', '),
          String(p.testTrials),
          String(p.fooled),
          percent(p.foolingRate),
          p.attentionTrials ? `${p.attentionCorrect}/${p.attentionTrials}` : MISSING,
          ms(p.medianRtMs),
          p.excluded ? 'no' : 'yes',
        ]),
      ),
    );
  }
  return out.join('\n') + '\n';
}
