import { performance } from 'node:perf_hooks';
import { type LatencySummary, summarize } from './stats.js';

/** Bounds of one closed-loop run: it stops at whichever limit comes first. */
export interface LoadOptions {
  /** Workers, each with one request in flight at a time. */
  concurrency: number;
  /** Stop starting new requests after this long. */
  durationMs: number;
  /** Stop after this many requests in total. */
  maxRequests: number;
  /**
   * One unit of work; `index` is unique across workers. Resolves with an outcome label
   * ('ok' or an error code); a thrown error counts as 'error'.
   */
  task(index: number): Promise<string>;
  /** Pause after each request, per worker, to spread a bounded burst over its duration. @default 0 */
  thinkMs?: number;
  /** Runs before each task, outside its latency sample (e.g. cache eviction for cold runs). */
  before?(index: number): Promise<void>;
}

export interface LoadResult {
  requests: number;
  elapsedMs: number;
  /** Completed requests per second of wall time. */
  rps: number;
  /** How many ended with each outcome label. */
  outcomes: Record<string, number>;
  /** Latency of every request, whatever its outcome. */
  latency: LatencySummary;
  /** Latency per outcome label. */
  latencyByOutcome: Record<string, LatencySummary>;
}

/** N workers loop: take the next index, run the task, record its latency, until a bound is hit. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const samples: { ms: number; outcome: string }[] = [];
  let next = 0;
  const startedAt = performance.now();
  const deadline = startedAt + options.durationMs;

  const worker = async () => {
    while (next < options.maxRequests && performance.now() < deadline) {
      const index = next++;
      // Not in the latency sample, but it does take wall time, so throughput includes it.
      if (options.before) await options.before(index);
      const at = performance.now();
      let outcome: string;
      try {
        outcome = await options.task(index);
      } catch {
        outcome = 'error';
      }
      samples.push({ ms: performance.now() - at, outcome });
      if (options.thinkMs) await new Promise((resolve) => setTimeout(resolve, options.thinkMs));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));

  const elapsedMs = performance.now() - startedAt;
  const outcomes: Record<string, number> = {};
  const byOutcome = new Map<string, number[]>();
  for (const { ms, outcome } of samples) {
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    const list = byOutcome.get(outcome) ?? [];
    list.push(ms);
    byOutcome.set(outcome, list);
  }
  return {
    requests: samples.length,
    elapsedMs,
    rps: samples.length / (elapsedMs / 1000),
    outcomes,
    latency: summarize(samples.map((s) => s.ms)),
    latencyByOutcome: Object.fromEntries([...byOutcome].map(([k, v]) => [k, summarize(v)])),
  };
}
