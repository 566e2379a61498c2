/**
 * A method's objective metrics (AuC, PSNR, SSIM, colourfulness, coherence), read from the
 * JSON that `npm run evaluate` writes, to be shown next to its fooling rate. Stored in
 * Method.metrics as a flat JSON object of finite numbers keyed by metric name.
 *
 * Accepted shapes (the file may cover several methods; the entry named like this method is used):
 * - `npm run evaluate`'s JSON: `{ "methods": [ { "name": "<name>", "n": 24, "auc": 0.89, "psnr": 24.1,
 *   "ssim": ..., "colorfulness": ..., "coherence": ..., "dir": ..., "images": [...] } ], ... }`
 * - `{ "methods": { "<name>": { ...numbers } } }`
 * - a flat object of numbers: `{ "auc": 0.89, "psnr": 24.1, ... }`
 * Only finite numbers are kept: folders, per-image lists and evaluate's "Infinity" (the PSNR
 * of identical images, which JSON cannot hold as a number) are dropped. An entry with no
 * numbers is an error. Evaluate's `baselines` (grayscale, constant: scored on the same real
 * photos) are kept beside the method's own numbers as `baseline.<name>.<metric>`, so that the
 * results page can show them as rows next to the methods.
 */
import { readFileSync } from 'node:fs';

export type MethodMetrics = Record<string, number>;

function numbersOf(entry: unknown): MethodMetrics | undefined {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
  const out: MethodMetrics = {};
  for (const [key, value] of Object.entries(entry)) {
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

/** This method's entry, or the names the file does have. */
function entryFor(data: unknown, method: string): { entry: unknown } | { names: string[] } {
  if (!data || typeof data !== 'object') return { entry: undefined };
  const methods = (data as { methods?: unknown }).methods;
  if (Array.isArray(methods)) {
    const entry = methods.find((m) => (m as { name?: unknown })?.name === method);
    return entry ? { entry } : { names: methods.map((m) => String((m as { name?: unknown })?.name)) };
  }
  if (methods && typeof methods === 'object') {
    return method in methods ? { entry: (methods as Record<string, unknown>)[method] } : { names: Object.keys(methods) };
  }
  return { entry: data };
}

/** Reads and validates `file` for `method`; returns a message instead of throwing, for gathering. */
export function readMethodMetrics(file: string, method: string): { metrics: MethodMetrics } | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ? `cannot read it (${(e as NodeJS.ErrnoException).code})` : `not valid JSON (${(e as Error).message})`;
    return { problem: `method "${method}" metrics ${file}: ${reason}` };
  }
  const found = entryFor(data, method);
  if ('names' in found) {
    const has = found.names.length ? `it has ${found.names.map((n) => `"${n}"`).join(', ')}` : 'it has none';
    return { problem: `method "${method}" metrics ${file}: no entry named "${method}" under "methods" (${has})` };
  }
  const metrics = numbersOf(found.entry);
  if (!metrics) return { problem: `method "${method}" metrics ${file}: expected an object of numbers (auc, psnr, ssim, ...)` };
  return { metrics: { ...metrics, ...baselineNumbers(data) } };
}

/** evaluate's `baselines: [{ name, ...numbers }]`, flattened to `baseline.<name>.<metric>`. */
function baselineNumbers(data: unknown): MethodMetrics {
  const baselines = (data as { baselines?: unknown } | null)?.baselines;
  if (!Array.isArray(baselines)) return {};
  const out: MethodMetrics = {};
  for (const b of baselines) {
    const name = (b as { name?: unknown })?.name;
    if (typeof name !== 'string' || !/^[\w-]+$/.test(name)) continue;
    for (const [key, value] of Object.entries(numbersOf(b) ?? {})) out[`baseline.${name}.${key}`] = value;
  }
  return out;
}
