/**
 * A least-recently-used cache of promises bounded by the bytes their values hold. Callers
 * asking for the same key while it is being computed share one computation; a failed one is
 * forgotten, so the next request tries again.
 */
export class PromiseCache<V> {
  private entries = new Map<string, { value: Promise<V>; bytes: number }>();
  private total = 0;

  constructor(
    private readonly budgetBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  get(key: string, compute: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit) {
      // The map's insertion order is the eviction order: a hit moves to the back.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const entry = { value: compute(), bytes: 0 };
    this.entries.set(key, entry);
    entry.value.then(
      (v) => {
        if (this.entries.get(key) !== entry) return;
        entry.bytes = this.sizeOf(v);
        this.total += entry.bytes;
        this.evict();
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.value;
  }

  /** Bytes held by settled entries. */
  get bytes(): number {
    return this.total;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.total <= this.budgetBytes) break;
      this.entries.delete(key);
      this.total -= entry.bytes;
    }
  }
}
