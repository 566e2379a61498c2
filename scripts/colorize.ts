// `npm run colorize -- --model runs/NAME --in DIR|FILE --out DIR [--T 0.38] [--prior-correction B] [--side N] [--ab-views]
// [--backend auto|tensorflow|webgpu|wasm|cpu] [--threads N]`: writes OUT/<name>.png for every
// image of --in at the image's own size (and OUT/ab-views/<name>.png, the ab with L = 50).
import * as tf from '@tensorflow/tfjs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { selectBackend } from '../model/backend/select';
import { parseFlags, runCli, UsageError } from '../model/cli';
import { colorizeFile, decodingFor, defaultSide, loadColorizer } from '../model/colorize/colorize';
import { listImageFiles } from '../model/image/files';
import { progress } from './lib/progress';

const USAGE = `usage: npm run colorize -- --model runs/NAME --in DIR|FILE --out DIR [--T 0.38] [--prior-correction B] [--side N] [--ab-views] [--backend auto|tensorflow|webgpu|wasm|cpu] [--threads N]
  --T X        decoding temperature (default: the model's, 0.38 for zhang)
  --prior-correction B
               zhang: the fraction (0..1) of the class rebalancing undone before decoding (default: the model's; 0 is Zhang's decoding)
  --side N     short side in pixels the network sees the photo at (default: the scale it was trained at)
  --threads N  wasm backend: tfjs's threaded build on N threads (default 1: its single-threaded build)`;

await runCli('colorize', async () => {
  const { values, switches } = parseFlags(process.argv.slice(2), ['abViews', 'help']);
  if (switches.has('help')) {
    console.log(USAGE);
    return 0;
  }
  const known = new Set(['model', 'in', 'out', 'T', 'priorCorrection', 'side', 'backend', 'threads']);
  for (const k of Object.keys(values)) if (!known.has(k)) throw new UsageError(`unknown option --${k}\n${USAGE}`);
  for (const s of switches) if (s !== 'abViews') throw new UsageError(`--${s} needs a value\n${USAGE}`);
  const { model, in: input, out } = values;
  if (!model || !input || !out) throw new UsageError(`--model, --in and --out are required\n${USAGE}`);
  const T = values.T === undefined ? undefined : Number(values.T);
  if (T !== undefined && !(T > 0)) throw new UsageError(`--T must be a positive number, got '${values.T}'`);
  const beta = values.priorCorrection === undefined ? undefined : Number(values.priorCorrection);
  if (beta !== undefined && !(beta >= 0 && beta <= 1)) throw new UsageError(`--prior-correction must be a number from 0 to 1, got '${values.priorCorrection}'`);
  const side = values.side === undefined ? undefined : Number(values.side);
  if (side !== undefined && !(Number.isInteger(side) && side >= 8)) throw new UsageError(`--side must be a whole number of pixels >= 8, got '${values.side}'`);
  const threads = values.threads === undefined ? 1 : Number(values.threads);
  if (!(Number.isInteger(threads) && threads >= 1)) throw new UsageError(`--threads must be a whole number >= 1, got '${values.threads}'`);

  const info = await stat(input).catch(() => null);
  if (!info) throw new UsageError(`--in: not found: ${input}`);
  const files = info.isDirectory() ? (await listImageFiles(input)).map((f) => path.join(input, f)) : [input];
  if (files.length === 0) throw new UsageError(`--in: no images (.jpg, .png, .webp, ...) in ${input}`);

  const backend = await selectBackend(values.backend ?? 'auto', { threads });
  tf.enableProdMode();
  console.error(`backend: ${backend.name} — ${backend.detail}`);
  const colorizer = await loadColorizer(model);
  const decoding = decodingFor(colorizer, { T, priorCorrection: beta });
  const s = side ?? defaultSide(colorizer.config);
  const corrected = decoding.priorCorrection ? `, prior correction ${decoding.priorCorrection}` : '';
  console.error(`model: ${colorizer.config.variant}/${colorizer.config.preset} at step ${colorizer.step}, decoding at T = ${decoding.T}${corrected}, short side ${s} px`);

  await mkdir(out, { recursive: true });
  const abDir = path.join(out, 'ab-views');
  if (switches.has('abViews')) await mkdir(abDir, { recursive: true });
  const bar = progress('colorize', files.length, { unit: 'images' });
  const failed: string[] = [];
  for (const file of files) {
    const name = `${path.basename(file, path.extname(file))}.png`;
    try {
      await colorizeFile(colorizer, file, path.join(out, name), { T: decoding.T, priorCorrection: decoding.priorCorrection, side: s, abViewOutput: switches.has('abViews') ? path.join(abDir, name) : undefined });
    } catch (e) {
      // One unreadable photo should not cost the others: report it and go on.
      failed.push(`${file}: ${(e as Error).message}`);
    }
    bar.tick(1, name);
  }
  bar.done();
  colorizer.dispose();
  console.error(`wrote ${files.length - failed.length} colorization(s) to ${out}${switches.has('abViews') ? ` and ab views to ${abDir}` : ''}`);
  if (failed.length) {
    console.error(`colorize: ${failed.length} image(s) failed:\n  ${failed.join('\n  ')}`);
    return 2;
  }
  return 0;
});
