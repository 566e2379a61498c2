/**
 * Checks that span rows: a participant answers each trial position once (a duplicated row
 * would be counted twice) and belongs to one study and one session.
 */
import type { TrialRow } from './trial-row';
import { TrialsFormatError } from './trials-format-error';

/** Throws on the first conflict; `where(i)` names row i for the message (e.g. "line 7"). */
export function checkRows(rows: readonly TrialRow[], where: (index: number) => string): void {
  const seen = new Map<string, number>();
  const sessionOf = new Map<string, { session: number; index: number }>();
  rows.forEach((row, i) => {
    const who = `${row.study}\u0000${row.participant}`;
    const key = `${who}\u0000${row.trialIndex}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new TrialsFormatError(
        `${where(i)}: participant "${row.participant}" has trialIndex ${row.trialIndex} twice (also ${where(first)}); each trial must appear once`,
      );
    }
    seen.set(key, i);
    const known = sessionOf.get(who);
    if (known && known.session !== row.session) {
      throw new TrialsFormatError(
        `${where(i)}, column "session": participant "${row.participant}" is in session ${row.session} here but in session ${known.session} at ${where(known.index)}; a participant has one session`,
      );
    }
    if (!known) sessionOf.set(who, { session: row.session, index: i });
  });
}
