import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../../src/cache/memory-cache.js';

describe('memory cache bounds', () => {
  it('never holds more bytes than maxBytes', async () => {
    const cache = createMemoryCache({ maxEntries: 1_000, maxBytes: 1_000 });
    for (let i = 0; i < 100; i += 1) {
      await cache.mset([{ key: `k${i}`, value: 'x'.repeat(95), ttlMs: 60_000, tags: ['all'] }]);
      expect(cache.stats().bytes).toBeLessThanOrEqual(1_000);
    }
    expect(cache.stats().entries).toBeGreaterThan(0);
    expect(cache.stats().entries).toBeLessThan(100);
    // The most recent entries survive; the oldest were evicted.
    expect(await cache.mget(['k0', 'k99'])).toEqual([undefined, 'x'.repeat(95)]);
    await cache.deleteByTags(['all']);
    expect(cache.stats()).toEqual({ entries: 0, bytes: 0 });
  });

  it('never holds more entries than maxEntries', async () => {
    const cache = createMemoryCache({ maxEntries: 3, maxBytes: 1_000_000 });
    await cache.mset(['a', 'b', 'c', 'd'].map((key) => ({ key, value: key, ttlMs: 60_000 })));
    expect(cache.stats().entries).toBe(3);
    expect(await cache.mget(['a', 'd'])).toEqual([undefined, 'd']);
  });
});
