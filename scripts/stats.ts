// `npm run stats`: the statistics of a study (2AFC fooling rates, or the single-image HYPE
// protocols' scores), from the database or from a trials file, and planning how many
// participants a 2AFC study needs.
// Exit codes: 0 done, 2 a problem the user can fix (printed as one line), 1 a bug.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, type Db } from '../app/lib/db/client';
import { redact } from '../app/lib/db/migrate';
import { resolveDatabase } from '../app/lib/db/url';
import { getStudy } from '../app/lib/study/queries';
import {
  DEFAULT_ATTENTION_THRESHOLD,
  DEFAULT_ICC,
  DEFAULT_MIN_RT_MS,
  DEFAULT_RESAMPLES,
  DEFAULT_SEED,
  DEFAULT_SIMULATIONS,
  DEFAULT_MIN_STAIRCASE_TRIALS,
  StatsInputError,
  SUITE_VERSION,
  analyseHypeStudy,
  analyseStudy,
  formatCsv,
  formatHypeCsv,
  formatHypeMarkdown,
  formatJson,
  formatMarkdown,
  formatPlan,
  planParticipants,
  type AnalysisOptions,
  type FastAnswerRule,
  type HypeAnalysis,
  type StudyAnalysis,
} from '../app/lib/stats';
import { isSingleImageProtocol } from '../app/lib/study/vocabulary';
import { fromCsv, fromJson, TrialsFormatError, type TrialRow } from '../app/lib/trials';
import { StudyNotFoundError, loadTrialRows } from '../app/lib/trials/from-db';
import type { TrialSource } from '../app/lib/trials/trial-row';
import { parseSourceFilter } from '../app/lib/results/source-filter';
import { progress, type Progress } from './lib/progress';

const USAGE = `usage: npm run stats -- (--study ID | --trials FILE) [options]
       npm run stats -- --plan P1,P2 [planning options] [--study ID | --trials FILE]
Analysis of a study: 2AFC (fooling rates, intervals, tests, comparisons, exclusions) or, for
hype-time and hype-infinity, the HYPE scores (thresholds or error rates, staircases, timing):
  --study ID                analyse study ID in the database (DATABASE_URL; default data/studies.db)
  --sources all|LIST        with --study: whose sessions count (default prolific,mturk,direct;
                            "all" adds simulated and preview sessions)
  --trials FILE             analyse a trials file: the suite's trial-row CSV or JSON export
  --format md|csv|json      output format (default md: a markdown report)
  --out FILE                write the output to FILE instead of stdout
  --seed N                  seed of every resample and permutation (default: the study's recorded
                            seed with --study, as on the results page; else ${DEFAULT_SEED})
  --resamples N             bootstrap resamples (default ${DEFAULT_RESAMPLES})
  --permutations N          permutations per method comparison (default: as resamples)
  --confidence C            confidence level of every interval (default 0.95)
  --attention-threshold X   exclude participants whose attention-check accuracy is below X
                            (default: the study's attention.minAccuracy with --study, else ${DEFAULT_ATTENTION_THRESHOLD})
  --max-fast-share S        exclude participants with more than this share of their test answers
                            faster than --min-rt-ms (default: the study's quality.maxFastShare
                            with --study; without it, fast answers are only flagged)
  --min-rt-ms MS            what counts as a fast answer (default: the study's quality.minRtMs
                            with --study, else ${DEFAULT_MIN_RT_MS})
  --methods A,B,...         methods to report, in this order (default: the study's, else by name)
  --details                 markdown: add the per-image and per-participant tables (HYPE: every
                            participant and staircase)
  --qualification-threshold X  HYPE: the qualification pass mark, to label who failed it
                            (default: the study's hype.qualification.minAccuracy with --study)
  --min-staircase-trials N  hype-time: shortest staircase (test trials) counted in a score (default ${DEFAULT_MIN_STAIRCASE_TRIALS})
Planning (2AFC) (participants per method to tell two fooling rates apart; seeded simulation):
  --plan P1,P2              the two fooling rates, e.g. 0.32,0.40
  --trials-per-participant M  test trials per participant (default 40, or the pilot data's median)
  --icc R                   intra-participant correlation (default: estimated from --study or
                            --trials pilot data when given, else ${DEFAULT_ICC}, from Zhang et al.)
  --alpha A                 two-sided significance level (default 0.05)
  --power P                 target power (default 0.8)
  --simulations N           simulated studies per candidate size (default ${DEFAULT_SIMULATIONS})`;

class UsageError extends Error {}
/** A problem the user can fix, already worded for them. */
class UserError extends Error {}

type Format = 'md' | 'csv' | 'json';

function parse(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        study: { type: 'string' },
        sources: { type: 'string' },
        trials: { type: 'string' },
        format: { type: 'string', default: 'md' },
        out: { type: 'string' },
        seed: { type: 'string' },
        resamples: { type: 'string' },
        permutations: { type: 'string' },
        confidence: { type: 'string' },
        'attention-threshold': { type: 'string' },
        'max-fast-share': { type: 'string' },
        'min-rt-ms': { type: 'string' },
        methods: { type: 'string' },
        details: { type: 'boolean', default: false },
        'qualification-threshold': { type: 'string' },
        'min-staircase-trials': { type: 'string' },
        plan: { type: 'string' },
        'trials-per-participant': { type: 'string' },
        icc: { type: 'string' },
        alpha: { type: 'string' },
        power: { type: 'string' },
        simulations: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return { help: true as const };
  const format = values.format as string;
  if (!['md', 'csv', 'json'].includes(format)) throw new UsageError(`--format must be md, csv or json, got "${format}"`);
  if (values.study !== undefined && values.trials !== undefined) throw new UsageError('give either --study or --trials, not both');
  if (values.plan === undefined && values.study === undefined && values.trials === undefined) {
    throw new UsageError('say what to analyse: --study ID or --trials FILE (or --plan P1,P2 to size a study)');
  }
  const number = (flag: string, kind: 'integer' | 'number'): number | undefined => {
    const raw = values[flag as keyof typeof values] as string | undefined;
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || (kind === 'integer' && !Number.isInteger(value))) {
      throw new UsageError(`--${flag} must be ${kind === 'integer' ? 'an integer' : 'a number'}, got "${raw}"`);
    }
    return value;
  };
  const planningOnly = ['trials-per-participant', 'icc', 'alpha', 'power', 'simulations'].filter((f) => values[f as keyof typeof values] !== undefined);
  if (values.plan === undefined && planningOnly.length) throw new UsageError(`--${planningOnly[0]} is a planning option: use it with --plan P1,P2`);
  let plan: [number, number] | undefined;
  if (values.plan !== undefined) {
    const parts = values.plan.split(',').map((s) => Number(s.trim()));
    if (parts.length !== 2 || parts.some((p) => !Number.isFinite(p))) throw new UsageError(`--plan needs two fooling rates, e.g. 0.32,0.40; got "${values.plan}"`);
    plan = [parts[0], parts[1]];
  }
  if (values.sources !== undefined && values.study === undefined) throw new UsageError('--sources filters the sessions of --study');
  let sources: readonly TrialSource[];
  try {
    sources = parseSourceFilter(values.sources);
  } catch (e) {
    throw new UsageError(`--sources: ${(e as Error).message}`);
  }
  return {
    help: false as const,
    study: values.study,
    sources,
    trials: values.trials,
    format: format as Format,
    out: values.out,
    details: values.details!,
    seed: number('seed', 'integer'),
    resamples: number('resamples', 'integer'),
    permutations: number('permutations', 'integer'),
    confidence: number('confidence', 'number'),
    attentionThreshold: number('attention-threshold', 'number'),
    maxFastShare: number('max-fast-share', 'number'),
    minRtMs: number('min-rt-ms', 'number'),
    qualificationThreshold: number('qualification-threshold', 'number'),
    minStaircaseTrials: number('min-staircase-trials', 'integer'),
    methods: values.methods?.split(',').map((m) => m.trim()).filter(Boolean),
    plan,
    trialsPerParticipant: number('trials-per-participant', 'integer'),
    icc: number('icc', 'number'),
    alpha: number('alpha', 'number'),
    power: number('power', 'number'),
    simulations: number('simulations', 'integer'),
  };
}
type Args = Exclude<ReturnType<typeof parse>, { help: true }>;

/** Rows and study-level defaults (method order, attention rule) from a file or the database. */
interface Source {
  rows: TrialRow[];
  label: string;
  methods?: string[];
  attentionThreshold?: number;
  /** the study's fast-answer rule (quality.minRtMs, quality.maxFastShare) */
  fastRule?: FastAnswerRule;
  qualificationThreshold?: number;
  seed?: number;
  /** the study's protocol (with --study); a trials file's rows say it themselves */
  protocol?: string;
}

function readTrialsFile(file: string): Source {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${(e as Error).message}`);
  }
  const json = path.extname(file).toLowerCase() === '.json' || (path.extname(file).toLowerCase() !== '.csv' && text.trimStart().startsWith('['));
  try {
    return { rows: json ? fromJson(text) : fromCsv(text), label: file };
  } catch (e) {
    if (e instanceof TrialsFormatError) throw new UserError(`${file}: ${e.message}`);
    throw e;
  }
}

async function openTarget(): Promise<Db> {
  let where = 'the database';
  try {
    const target = resolveDatabase(process.env.DATABASE_URL);
    where = target.provider === 'postgresql' ? redact(target.url) : target.file!;
    return await openDatabase(target);
  } catch (e) {
    throw new UserError(`cannot open ${where}: ${(e as Error).message.split('\n')[0]}`);
  }
}

async function readStudy(id: string, sources: readonly TrialSource[]): Promise<Source> {
  const db = await openTarget();
  try {
    const study = await getStudy(db, id);
    if (!study) {
      const ids = (await db.study.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((s) => s.id);
      throw new UserError(`no study with id "${id}"${ids.length ? `; the database has: ${ids.join(', ')}` : '; the database has no studies yet'}`);
    }
    const rows = await loadTrialRows(db, id, sources);
    return {
      rows,
      label: `study "${id}"`,
      methods: study.methods.filter((m) => m.kind === 'method').map((m) => m.name),
      attentionThreshold: study.config.attention.minAccuracy,
      fastRule: { minRtMs: study.config.quality.minRtMs, maxFastShare: study.config.quality.maxFastShare ?? null },
      qualificationThreshold: isSingleImageProtocol(study.config.protocol) ? study.config.hype.qualification.minAccuracy : undefined,
      seed: study.seed,
      protocol: study.config.protocol,
    };
  } catch (e) {
    if (e instanceof StudyNotFoundError) throw new UserError(e.message);
    if (e instanceof TrialsFormatError) throw new UserError(e.message);
    throw e;
  } finally {
    await db.$disconnect();
  }
}

function progressBar(withProgress: boolean): AnalysisOptions['onProgress'] {
  if (!withProgress) return undefined;
  let bar: Progress | undefined;
  return (done, total, step) => {
    bar ??= progress('analysing', total, { unit: 'steps' });
    bar.tick(1, step);
    if (done === total) bar.done();
  };
}

/** The fast-answer rule from the flags over the study's; none for a trials file without the flags. */
function fastRuleOf(source: Source, args: Args): FastAnswerRule | null {
  if (!source.fastRule && args.minRtMs === undefined && args.maxFastShare === undefined) return null;
  const rule = { minRtMs: args.minRtMs ?? source.fastRule?.minRtMs ?? DEFAULT_MIN_RT_MS, maxFastShare: args.maxFastShare ?? source.fastRule?.maxFastShare ?? null };
  if (!(rule.minRtMs >= 0)) throw new UsageError(`--min-rt-ms must be >= 0, got ${rule.minRtMs}`);
  if (rule.maxFastShare !== null && !(rule.maxFastShare >= 0 && rule.maxFastShare <= 1)) throw new UsageError(`--max-fast-share must be between 0 and 1, got ${rule.maxFastShare}`);
  return rule;
}

function analyse(source: Source, args: Args, withProgress: boolean): StudyAnalysis {
  const options: AnalysisOptions = {
    seed: args.seed ?? source.seed,
    resamples: args.resamples,
    permutations: args.permutations,
    confidence: args.confidence,
    attentionThreshold: args.attentionThreshold ?? source.attentionThreshold ?? DEFAULT_ATTENTION_THRESHOLD,
    fastRule: fastRuleOf(source, args),
    methods: args.methods ?? source.methods,
    onProgress: progressBar(withProgress),
  };
  return analyseStudy(source.rows, options);
}

/** Whether the rows come from a single-image (HYPE) study. */
function isHype(source: Source): boolean {
  if (source.protocol !== undefined) return isSingleImageProtocol(source.protocol);
  return source.rows.length > 0 && source.rows.every((r) => isSingleImageProtocol(r.protocol));
}

function analyseHype(source: Source, args: Args): HypeAnalysis {
  if (args.permutations !== undefined) throw new UsageError('--permutations applies to 2AFC comparisons; HYPE differences use the bootstrap (--resamples)');
  return analyseHypeStudy(source.rows, {
    seed: args.seed ?? source.seed,
    resamples: args.resamples,
    confidence: args.confidence,
    attentionThreshold: args.attentionThreshold ?? source.attentionThreshold ?? DEFAULT_ATTENTION_THRESHOLD,
    fastRule: fastRuleOf(source, args),
    qualificationThreshold: args.qualificationThreshold ?? source.qualificationThreshold ?? null,
    minStaircaseTrials: args.minStaircaseTrials,
    methods: args.methods ?? source.methods,
    onProgress: progressBar(true),
  });
}

function write(text: string, out: string | undefined): void {
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(out, text);
  } catch (e) {
    throw new UserError(`cannot write ${out}: ${(e as Error).message}`);
  }
  console.error(`wrote ${out}`);
}

/** The median of the kept participants' test trials per method, from pilot data. */
function pilotTrialsPerParticipant(a: StudyAnalysis): number | undefined {
  const counts = a.participants.filter((p) => !p.excluded && p.testTrials > 0).map((p) => Math.round(p.testTrials / p.methods.length));
  if (!counts.length) return undefined;
  counts.sort((x, y) => x - y);
  return counts[Math.floor((counts.length - 1) / 2)];
}

async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const source = args.study !== undefined ? await readStudy(args.study, args.sources) : args.trials !== undefined ? readTrialsFile(args.trials) : undefined;
  const hype = source !== undefined && isHype(source);
  if (!hype && (args.qualificationThreshold !== undefined || args.minStaircaseTrials !== undefined)) {
    throw new UsageError(`--${args.qualificationThreshold !== undefined ? 'qualification-threshold' : 'min-staircase-trials'} applies to the single-image (HYPE) protocols`);
  }

  if (args.plan) {
    if (hype) throw new UserError('--plan sizes 2AFC studies (two fooling rates); it does not apply to HYPE data');
    const notes: string[] = [];
    let icc = args.icc;
    let m = args.trialsPerParticipant;
    if (source && (icc === undefined || m === undefined)) {
      // Only the correlation and trial counts are needed from the pilot: a few resamples suffice.
      const pilot = analyse(source, { ...args, resamples: 2, permutations: 2 }, false);
      if (icc === undefined) {
        if (pilot.pooledIcc === null) notes.push(`the pilot data (${source.label}) gives no correlation estimate; using the default ${DEFAULT_ICC}`);
        else {
          icc = Math.max(0, pilot.pooledIcc);
          notes.push(`intra-participant correlation ${pilot.pooledIcc.toFixed(4)} estimated from ${source.label} (${pilot.totals.keptParticipants} participants)${pilot.pooledIcc < 0 ? ', used as 0' : ''}`);
        }
      }
      if (m === undefined) {
        m = pilotTrialsPerParticipant(pilot);
        if (m !== undefined) notes.push(`${m} test trials per participant, the median in ${source.label}`);
      }
    }
    if (icc === undefined) notes.push(`intra-participant correlation ${DEFAULT_ICC}: the default, from Zhang et al.'s reported bootstrap SE (give --icc or pilot data to change it)`);
    const plan = planParticipants({
      p1: args.plan[0],
      p2: args.plan[1],
      trialsPerParticipant: m,
      icc,
      alpha: args.alpha,
      power: args.power,
      simulations: args.simulations,
      seed: args.seed,
    });
    write(formatPlan(plan, args.format, SUITE_VERSION, notes), args.out);
    return 0;
  }

  if (hype) {
    const analysis = analyseHype(source!, args);
    const text = args.format === 'json' ? formatJson(analysis) : args.format === 'csv' ? formatHypeCsv(analysis) : formatHypeMarkdown(analysis, { details: args.details });
    write(text, args.out);
    return 0;
  }
  const analysis = analyse(source!, args, true);
  const text = args.format === 'json' ? formatJson(analysis) : args.format === 'csv' ? formatCsv(analysis) : formatMarkdown(analysis, { details: args.details });
  write(text, args.out);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`stats: ${e.message}\n${USAGE}`);
      process.exit(2);
    }
    if (e instanceof UserError || e instanceof StatsInputError) {
      console.error(`stats: ${e.message}`);
      process.exit(2);
    }
    console.error('stats failed unexpectedly:', e);
    process.exit(1);
  },
);
