// `npm run evaluate -- --real DIR --method NAME=DIR [--method NAME=DIR ...] [--out FILE.json|.csv ...] [--allow-partial] [--allow-resize] [--constant-ab A,B | --constant-prior RUN]`:
// objective metrics of each method's colorizations against the real photos (matched by file
// stem), beside the grayscale and constant baselines, printed as a table of means and
// written as JSON and/or CSV.
// Exit codes: 0 done, 2 a problem the user can fix (message on stderr, no stack), 1 a bug.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
// Only what parsing the arguments needs is loaded up front: a usage error answers at once.
import type { ConstantAb } from '../model/metrics/baselines';
import { EvaluateError } from '../model/metrics/evaluate-error';
import type { MethodSpec } from '../model/metrics/evaluate-folders';
import type { Priors } from '../model/dataset/prior';
import { progress, type Progress } from './lib/progress';

const USAGE = `usage: npm run evaluate -- --real DIR --method NAME=DIR [--method NAME=DIR ...] [--out FILE.json|FILE.csv ...] [options]
  --real DIR             the real (ground-truth) colour photos
  --method NAME=DIR      a method's colorizations; files are paired with real photos by name without extension
  --out FILE             write the results as JSON (.json) or CSV (.csv); may be repeated
  --allow-partial        evaluate each method on the photos it shares with --real instead of requiring the same set
  --allow-resize         resize a colorization of another size to its photo's (default: an error)
  --constant-ab A,B      the constant baseline's ab (default: the mean ab of the real photos evaluated)
  --constant-prior RUN   the constant baseline's ab = the mean ab of a training run's colour prior (its folder, or its prior file)
Two baselines made from the real photos are always scored beside the methods: grayscale (ab = 0)
and constant (one ab for every pixel).`;

class UsageError extends Error {}

function parse(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        real: { type: 'string' },
        method: { type: 'string', multiple: true },
        out: { type: 'string', multiple: true },
        'allow-partial': { type: 'boolean', default: false },
        'allow-resize': { type: 'boolean', default: false },
        'constant-ab': { type: 'string' },
        'constant-prior': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values } = parsed;
  if (values.help) return { help: true as const };
  if (!values.real) throw new UsageError('--real DIR is required');
  if (!values.method?.length) throw new UsageError('give at least one --method NAME=DIR');
  const methods: MethodSpec[] = values.method.map((arg) => {
    const eq = arg.indexOf('=');
    if (eq <= 0 || eq === arg.length - 1) throw new UsageError(`--method expects NAME=DIR, got "${arg}"`);
    return { name: arg.slice(0, eq), dir: arg.slice(eq + 1) };
  });
  const outs = values.out ?? [];
  for (const out of outs) {
    const ext = path.extname(out).toLowerCase();
    if (ext !== '.json' && ext !== '.csv') throw new UsageError(`--out must end in .json or .csv, got "${out}"`);
  }
  if (values['constant-ab'] !== undefined && values['constant-prior'] !== undefined) throw new UsageError('give --constant-ab or --constant-prior, not both');
  let constantAb: string | ConstantAb | undefined = values['constant-prior'];
  if (values['constant-ab'] !== undefined) {
    const parts = values['constant-ab'].split(',').map((x) => (x.trim() === '' ? NaN : Number(x)));
    if (parts.length !== 2 || !parts.every(Number.isFinite)) throw new UsageError(`--constant-ab expects two numbers A,B (e.g. 5,12), got "${values['constant-ab']}"`);
    constantAb = { a: parts[0], b: parts[1], source: '--constant-ab' };
  }
  return {
    help: false as const,
    real: values.real,
    methods,
    outs,
    allowPartial: values['allow-partial']!,
    allowResize: values['allow-resize']!,
    constantAb,
  };
}

/** The mean ab of a run's empirical colour prior (p over the ab bins). */
async function priorMeanAb(where: string): Promise<ConstantAb> {
  const { RUN_FILES } = await import('../model/train/run-folder');
  const { computeAbBins } = await import('../model/color/bins');
  const { meanAbOfDistribution } = await import('../model/metrics/baselines');
  const file = (await stat(where).catch(() => null))?.isDirectory() ? path.join(where, RUN_FILES.prior) : where;
  let priors: Priors;
  try {
    priors = JSON.parse(await readFile(file, 'utf8')) as Priors;
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? `not valid JSON (${(e as Error).message})`;
    throw new EvaluateError(`--constant-prior: cannot read ${file}: ${reason}`);
  }
  const p = priors?.colour?.p;
  if (!Array.isArray(p)) throw new EvaluateError(`--constant-prior: ${file} has no colour.p (is it a training run's ${RUN_FILES.prior}?)`);
  try {
    return { ...meanAbOfDistribution(p, computeAbBins()), source: `mean ab of the colour prior ${file}` };
  } catch (e) {
    throw new EvaluateError(`--constant-prior: ${file}: ${(e as Error).message}`);
  }
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const { METRIC_DEFINITIONS, METRICS, POOLED_METRICS, evaluateFolders } = await import('../model/metrics/evaluate-folders');
  const { formatTable, toCsv, toJson } = await import('../model/metrics/report');
  let bar: Progress | undefined;
  const result = await evaluateFolders({
    realDir: args.real,
    methods: args.methods,
    allowPartial: args.allowPartial,
    allowResize: args.allowResize,
    constantAb: typeof args.constantAb === 'string' ? await priorMeanAb(args.constantAb) : args.constantAb,
    onProgress: (done, total, label) => {
      bar ??= progress('evaluate', total, { unit: 'images' });
      bar.tick(1, label);
    },
  });
  bar?.done('');
  if (result.resizedCount > 0) {
    console.error(
      `note: ${result.resizedCount} colorization(s) differ in size from their real photo and were resized to the photo's size (linear interpolation) before measuring`,
    );
  }
  for (const m of result.methods) {
    if (m.psnrInfinite) console.error(`note: ${m.psnrInfinite} image(s) of method "${m.name}" are identical to their photo (PSNR +inf), left out of its PSNR mean`);
  }
  const c = result.constantAb;
  console.error(`note: the constant baseline is ab = (${c.a.toFixed(2)}, ${c.b.toFixed(2)}), ${c.source}`);
  for (const m of result.methods) {
    if (m.missing.length) console.error(`note: method "${m.name}" lacks ${m.missing.length} real photo(s); its means are over ${m.n} images`);
    if (m.extra.length) console.error(`note: method "${m.name}" has ${m.extra.length} image(s) with no real photo, not evaluated`);
  }
  console.log(formatTable(result));
  console.log('');
  for (const k of [...METRICS, ...POOLED_METRICS]) console.log(`  ${k}: ${METRIC_DEFINITIONS[k]}`);
  for (const out of args.outs) {
    const text = path.extname(out).toLowerCase() === '.json' ? toJson(result) : toCsv(result);
    try {
      await mkdir(path.dirname(path.resolve(out)), { recursive: true });
      await writeFile(out, text);
    } catch (e) {
      throw new EvaluateError(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    console.error(`wrote ${out}`);
  }
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(`evaluate: ${err.message} (see --help)`);
    process.exit(2);
  }
  if (err instanceof EvaluateError) {
    console.error(`evaluate: ${err.message}`);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
