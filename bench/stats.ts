/** Latency summary in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(latenciesMs: readonly number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.length === 0 ? Number.NaN : sum / sorted.length,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** The most events inside any `windowMs` span (two pointers over sorted times). */
export function maxInSlidingWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/**
 * Counts per fixed window the way the sandbox's quota rolls them: a window opens at `openedAt`
 * and the first request at or after its end opens the next one.
 */
export function countPerFixedWindow(
  times: readonly number[],
  windowMs: number,
  openedAt: number,
): number[] {
  const counts: number[] = [];
  let windowStart = openedAt;
  let current = 0;
  for (const at of [...times].sort((a, b) => a - b)) {
    if (at - windowStart >= windowMs) {
      counts.push(current);
      windowStart = at;
      current = 0;
    }
    current++;
  }
  counts.push(current);
  return counts;
}
