/**
 * Batching per turn of the event loop: calls made while one turn runs are collected and
 * handed to `flush` together on the next (setImmediate), and each call's promise settles with
 * its own outcome. Under load, dozens of requests arrive in one turn; their database work is
 * then one commit (SQLite's group commit, sqlite-adapter.ts) or one round trip (PostgreSQL,
 * direct-postgres.ts) instead of one each. A lone call waits no longer than the turn.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * `flush` gets the items in call order and returns one outcome per item, in the same order;
 * if it throws, every call of the batch rejects with that error.
 */
export function perTurn<I, O>(flush: (items: I[]) => Promise<Outcome<O>[]>): (item: I) => Promise<O> {
  type Call = { item: I; resolve: (value: O) => void; reject: (e: unknown) => void };
  let queue: Call[] | null = null;
  const run = async (batch: Call[]) => {
    let outcomes: Outcome<O>[];
    try {
      outcomes = await flush(batch.map((b) => b.item));
    } catch (error) {
      for (const b of batch) b.reject(error);
      return;
    }
    batch.forEach((b, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) b.resolve(outcome.value);
      else b.reject(outcome.error);
    });
  };
  return (item) =>
    new Promise<O>((resolve, reject) => {
      if (!queue) {
        const batch: Call[] = [];
        queue = batch;
        setImmediate(() => {
          queue = null;
          void run(batch);
        });
      }
      queue.push({ item, resolve, reject });
    });
}

/** Every item's outcome is `value(item)`, or the error it throws. */
export function settleEach<I, O>(items: I[], value: (item: I, index: number) => O): Outcome<O>[] {
  return items.map((item, i) => {
    try {
      return { ok: true, value: value(item, i) };
    } catch (error) {
      return { ok: false, error };
    }
  });
}
