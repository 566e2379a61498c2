/**
 * An in-process lock per key: calls with the same key run one after another.
 *
 * Starting a session reads the study's sessions (ordinal, method counts) and then writes a
 * new one. The unique (studyId, ordinal) constraint makes that safe between processes (a
 * conflicting writer fails and retries), but within one server process serialising the
 * starts avoids the conflicts altogether. That matters on SQLite: every query of the process
 * shares one connection, so a transaction rolled back by a conflict would also roll back any
 * other request's write that ran on the connection meanwhile.
 */
const tails = new Map<string, Promise<unknown>>();

export async function withKeyLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  // The tail never rejects, so one failure does not poison the queue.
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  try {
    return await run;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}
