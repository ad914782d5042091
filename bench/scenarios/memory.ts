import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createMemoryCache } from '../../src/cache/memory-cache.js';

export interface MemoryResult {
  maxEntries: number;
  maxBytes: number;
  inserted: number;
  insertedBytes: number;
  sampleValueBytes: number;
  stats: { entries: number; bytes: number };
  heapUsedDeltaBytes: number;
  gcForced: boolean;
}

/**
 * `--expose-gc` turned on at run time, so `npm run bench` needs no extra flag: V8 reads the flag
 * when a new context is created, and that context's `gc` is the real collector.
 */
function findGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

/** Fills a bounded memory cache far past its byte bound with real product JSON shapes. */
export function measureMemoryCache(options: {
  samples: readonly Record<string, unknown>[];
  maxEntries: number;
  maxBytes: number;
  inserts: number;
}): MemoryResult {
  const gc = findGc();
  const settle = () => {
    gc?.();
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const before = settle();
  const cache = createMemoryCache({ maxEntries: options.maxEntries, maxBytes: options.maxBytes });
  let insertedBytes = 0;
  for (let i = 0; i < options.inserts; i++) {
    const sample = options.samples[i % options.samples.length]!;
    // A fresh id per entry, as distinct products would have; the cached value is what the
    // entity cache stores: a JSON envelope around the upstream product.
    const value = JSON.stringify({ v: { ...sample, id: 100_000 + i }, at: Date.now() });
    const key = `e:bench:product:${100_000 + i}:i%3Dimages%2Cvariants%3Bf%3D*`;
    insertedBytes += Buffer.byteLength(key) + Buffer.byteLength(value);
    void cache.mset([{ key, value, ttlMs: 600_000, tags: [`et:bench:product:${100_000 + i}`] }]);
  }
  const after = settle();
  const stats = cache.stats();
  void cache.close();
  return {
    maxEntries: options.maxEntries,
    maxBytes: options.maxBytes,
    inserted: options.inserts,
    insertedBytes,
    sampleValueBytes: Math.round(insertedBytes / options.inserts),
    stats,
    heapUsedDeltaBytes: after - before,
    gcForced: gc !== undefined,
  };
}
