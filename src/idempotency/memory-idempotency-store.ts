import { LRUCache } from 'lru-cache';
import {
  type IdempotencyRequest,
  type IdempotencyStore,
  type IdempotentResult,
  idempotencySlot,
  keyReusedError,
} from './idempotency.js';

export interface MemoryIdempotencyStoreOptions {
  /** How long a result is replayed, from when the work finished. */
  readonly ttlSeconds: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Finished results kept at most; the least recently used go first. @default 10000 */
  readonly maxEntries?: number;
}

interface Running {
  readonly fingerprint: string;
  readonly settled: Promise<string>;
}

interface Finished {
  readonly fingerprint: string;
  /** The result as JSON: a replay is a copy, as from Redis. */
  readonly json: string;
  readonly expiresAtMs: number;
}

/**
 * Idempotency keys of one process: a gateway without Redis, and the fallback while Redis is down.
 * A concurrent duplicate shares the first call's promise. Running calls are kept apart from
 * finished ones so the size bound can only evict a result, never a call in flight (which would
 * let a duplicate run the work a second time).
 */
export function createMemoryIdempotencyStore(
  options: MemoryIdempotencyStoreOptions,
): IdempotencyStore {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlSeconds * 1000;
  const running = new Map<string, Running>();
  const finished = new LRUCache<string, Finished>({ max: options.maxEntries ?? 10_000 });

  const run = async <T extends IdempotentResult>(
    request: IdempotencyRequest,
    work: () => Promise<T>,
  ): Promise<T> => {
    const slot = idempotencySlot(request);
    for (;;) {
      const done = finished.get(slot);
      if (done && done.expiresAtMs <= now()) finished.delete(slot);
      else if (done) {
        if (done.fingerprint !== request.fingerprint) throw keyReusedError();
        return JSON.parse(done.json) as T;
      }
      const first = running.get(slot);
      if (!first) break;
      if (first.fingerprint !== request.fingerprint) throw keyReusedError();
      try {
        return JSON.parse(await first.settled) as T;
      } catch {
        // The first call failed and released the key: this duplicate tries it again.
      }
    }
    // Started a tick later, so even a work that throws at once rejects `settled` instead.
    const settled = Promise.resolve()
      .then(work)
      .then((result) => {
        const json = JSON.stringify(result);
        finished.set(slot, {
          fingerprint: request.fingerprint,
          json,
          expiresAtMs: now() + ttlMs,
        });
        return json;
      });
    running.set(slot, { fingerprint: request.fingerprint, settled });
    try {
      return JSON.parse(await settled) as T;
    } finally {
      running.delete(slot);
    }
  };

  return {
    run,
    close: async () => {
      finished.clear();
    },
  };
}
