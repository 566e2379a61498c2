/**
 * How figures are printed in tables: rates as percentages with one decimal, p-values with
 * two significant digits (scientific below 0.001), missing figures as an en dash.
 */
export const MISSING = '–';

/** 0.3234 -> "32.3%" */
export function percent(rate: number | null | undefined, digits = 1): string {
  return rate === null || rate === undefined ? MISSING : `${(100 * rate).toFixed(digits)}%`;
}

/** An interval of rates as "30.1–34.6%". */
export function percentInterval(interval: { lower: number; upper: number } | null | undefined): string {
  return interval ? `${(100 * interval.lower).toFixed(1)}–${(100 * interval.upper).toFixed(1)}%` : MISSING;
}

/** 0.0123 -> "0.012", 3.2e-9 -> "3.2e-9", 1 -> "1". */
export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined) return MISSING;
  if (p === 0) return '0';
  if (p >= 0.001) return String(Number(p.toPrecision(2)));
  return p.toExponential(1);
}

/** A difference of rates in percentage points, signed: "+9.2 pts". */
export function points(difference: number): string {
  const value = (100 * difference).toFixed(1);
  return `${difference >= 0 ? '+' : ''}${value} pts`;
}
