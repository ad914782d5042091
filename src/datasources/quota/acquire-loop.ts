import { UpstreamRateLimitedError } from '../errors.js';

/** Time source and timer a governor runs on; tests inject fakes. */
export interface GovernorClock {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Asks `tryTake` for a token until it grants one (answers 0) and sleeps the wait it names
 * otherwise. Rejects with UpstreamRateLimitedError as soon as the next wait would push the total
 * past `maxWaitMs`, rather than after sleeping it, so callers fail fast.
 */
export async function acquireWithin(
  tryTake: () => number | Promise<number>,
  options: { maxWaitMs: number; signal?: AbortSignal | undefined },
  clock: GovernorClock,
  jitter: (ms: number) => number = (ms) => ms,
): Promise<void> {
  const started = clock.now();
  for (;;) {
    options.signal?.throwIfAborted();
    const waitMs = await tryTake();
    if (waitMs <= 0) return;
    const elapsed = clock.now() - started;
    if (elapsed + waitMs > options.maxWaitMs) {
      throw new UpstreamRateLimitedError(
        `Upstream quota exhausted: next slot in ${waitMs} ms, beyond the ${options.maxWaitMs} ms allowed`,
        { retryAfterMs: waitMs },
      );
    }
    await clock.sleep(jitter(waitMs), options.signal);
  }
}
