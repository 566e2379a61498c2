// Number and date formatting shared by the admin pages: one place decides how a rate,
// an interval or a time is written, so the tables, the chart and the tests agree.

/** 0.4 -> "40.0%"; null -> "—". */
export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(digits)}%`;
}

/** { lower: 0.2188, upper: 0.6134 } -> "21.9–61.3%". */
export function percentInterval(interval: { lower: number; upper: number } | null | undefined, digits = 1): string {
  if (!interval) return '—';
  return `${(interval.lower * 100).toFixed(digits)}–${(interval.upper * 100).toFixed(digits)}%`;
}

export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** A p-value as papers print it. */
export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  if (p < 0.001) return '< 0.001';
  return p.toFixed(3);
}

export function milliseconds(ms: number | null | undefined): string {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? '—' : `${Math.round(ms).toLocaleString('en-US')} ms`;
}

/** UTC, to the minute: the server's clock is the reference for everyone reading the page. */
export function dateTime(date: Date | null | undefined): string {
  if (!date) return '—';
  return date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** The end of an opaque id, enough to tell participants apart in a table. */
export function shortId(id: string): string {
  return id.length > 8 ? `…${id.slice(-6)}` : id;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** A difference of rates in percentage points, signed: 0.053 -> "+5.3 pts". */
export function points(d: number): string {
  return `${d >= 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(1)} pts`;
}

/** An interval of differences: "−5.0 to +10.0 pts". */
export function pointsInterval(interval: { lower: number; upper: number }): string {
  return `${points(interval.lower).replace(' pts', '')} to ${points(interval.upper)}`;
}
