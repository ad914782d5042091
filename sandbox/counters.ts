/** How many upstream calls the gateway made, per route label, and which paths it asked for. */
export class RequestCounters {
  private readonly byLabel = new Map<string, number>();
  private readonly recentPaths: string[] = [];
  private count = 0;
  private readonly waiters = new Set<{ count: number; resolve: () => void }>();

  /** @param keep how many recent paths `recent()` remembers. @default 500 */
  constructor(private readonly keep = 500) {}

  /** Records one request under its label (`GET /v3/catalog/products/{id}`) with its path and query. */
  record(label: string, pathWithQuery: string): void {
    this.count++;
    this.byLabel.set(label, (this.byLabel.get(label) ?? 0) + 1);
    this.recentPaths.push(pathWithQuery);
    if (this.recentPaths.length > this.keep) this.recentPaths.shift();
    for (const waiter of this.waiters) {
      if (this.count >= waiter.count) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** Resolves once `total()` reaches `count` (at once when it has): tests await a request's arrival. */
  whenTotal(count: number): Promise<void> {
    if (this.count >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add({ count, resolve }));
  }

  total(): number {
    return this.count;
  }

  get(label: string): number {
    return this.byLabel.get(label) ?? 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.byLabel].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** The last requests' paths with query strings (decoded), oldest first. */
  recent(limit?: number): string[] {
    return limit === undefined ? [...this.recentPaths] : this.recentPaths.slice(-limit);
  }

  reset(): void {
    this.count = 0;
    this.byLabel.clear();
    this.recentPaths.length = 0;
  }
}
