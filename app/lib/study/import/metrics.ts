/**
 * A method's objective metrics (AuC, PSNR, SSIM, colourfulness, coherence), read from the
 * JSON that `npm run evaluate` writes, to be shown next to its fooling rate. Stored in
 * Method.metrics as a flat JSON object of finite numbers keyed by metric name.
 *
 * Accepted shapes (the file may cover several methods; the entry for this method is used):
 * - a flat object of numbers: `{ "auc": 0.89, "psnr": 24.1, ... }`
 * - `{ "methods": { "<name>": { ...numbers } } }`
 * - `{ "methods": [ { "name": "<name>", ...numbers } ] }`
 * Non-numeric fields (names, folders, dates) are dropped; an entry with no numbers is an error.
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

function entryFor(data: unknown, method: string): unknown {
  if (!data || typeof data !== 'object') return undefined;
  const methods = (data as { methods?: unknown }).methods;
  if (Array.isArray(methods)) {
    if (methods.length === 1 && !(methods[0] as { name?: unknown })?.name) return methods[0];
    return methods.find((m) => (m as { name?: unknown })?.name === method);
  }
  if (methods && typeof methods === 'object') {
    const entries = Object.entries(methods);
    return (methods as Record<string, unknown>)[method] ?? (entries.length === 1 ? entries[0][1] : undefined);
  }
  return data;
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
  const entry = entryFor(data, method);
  if (entry === undefined) return { problem: `method "${method}" metrics ${file}: no entry for "${method}" under "methods"` };
  const metrics = numbersOf(entry);
  if (!metrics) return { problem: `method "${method}" metrics ${file}: expected an object of numbers (auc, psnr, ssim, ...)` };
  return { metrics };
}
