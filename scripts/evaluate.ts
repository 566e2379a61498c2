// `npm run evaluate -- --real DIR --method NAME=DIR [--method NAME=DIR ...] [--out FILE.json|.csv ...] [--allow-partial]`:
// objective metrics of each method's colorizations against the real photos (matched by file
// stem), printed as a table of means and written as JSON and/or CSV.
// Exit codes: 0 done, 2 a problem the user can fix (message on stderr, no stack), 1 a bug.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EvaluateError, METRIC_DEFINITIONS, METRICS, evaluateFolders, type MethodSpec } from '../model/metrics/evaluate-folders';
import { formatTable, toCsv, toJson } from '../model/metrics/report';
import { progress, type Progress } from './lib/progress';

const USAGE = `usage: npm run evaluate -- --real DIR --method NAME=DIR [--method NAME=DIR ...] [--out FILE.json|FILE.csv ...] [--allow-partial]
  --real DIR          the real (ground-truth) colour photos
  --method NAME=DIR   a method's colorizations; files are paired with real photos by name without extension
  --out FILE          write the results as JSON (.json) or CSV (.csv); may be repeated
  --allow-partial     evaluate each method on the photos it shares with --real instead of requiring the same set
Colorizations of a different size are resized to their real photo's size before measuring.`;

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
  return { help: false as const, real: values.real, methods, outs, allowPartial: values['allow-partial']! };
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  let bar: Progress | undefined;
  const result = await evaluateFolders({
    realDir: args.real,
    methods: args.methods,
    allowPartial: args.allowPartial,
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
    if (m.missing.length) console.error(`note: method "${m.name}" lacks ${m.missing.length} real photo(s); its means are over ${m.n} images`);
    if (m.extra.length) console.error(`note: method "${m.name}" has ${m.extra.length} image(s) with no real photo, not evaluated`);
  }
  console.log(formatTable(result));
  console.log('');
  for (const k of METRICS) console.log(`  ${k}: ${METRIC_DEFINITIONS[k]}`);
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
