/**
 * A session's lastSeenAt keeps its method slot reserved. It is rewritten when the stored mark
 * is SEEN_RESOLUTION_MS old or more: a trial makes several requests within a second or two,
 * and each write is a commit, while the slot is held for half an hour.
 */
export const SEEN_RESOLUTION_MS = 10_000;

export const seenIsStale = (lastSeenAt: Date, now: Date) => Math.abs(now.getTime() - lastSeenAt.getTime()) >= SEEN_RESOLUTION_MS;
