/**
 * The analysis runs thousands of bootstrap resamples (seconds for a large study) and its
 * result depends only on the study's answers and options. Answers are only ever added,
 * so (study, creation time, number of answers, latest answer, options) identifies the
 * result: a page reload without new answers reuses it, and the page and the summary
 * download computed from the same answers show the same figures.
 */
const MAX_ENTRIES = 16;
// One cache per database client: two databases can hold studies with the same id and times.
const caches = new WeakMap<object, Map<string, unknown>>();

export function cachedAnalysis<T>(db: object, key: readonly unknown[], compute: () => Promise<T>): Promise<T> {
  let entries = caches.get(db);
  if (!entries) caches.set(db, (entries = new Map()));
  const k = JSON.stringify(key);
  if (entries.has(k)) {
    const hit = entries.get(k) as Promise<T>;
    // Refresh its place: the map's insertion order is the eviction order.
    entries.delete(k);
    entries.set(k, hit);
    return hit;
  }
  const pending = compute();
  entries.set(k, pending);
  pending.catch(() => entries.delete(k));
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  return pending;
}
