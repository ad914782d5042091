import { describe, expect, it, vi } from 'vitest';
import type { CacheStore } from '../../../src/cache/cache.js';
import {
  type CachePolicy,
  createEntityCache,
  type FetchReason,
  type StaleInfo,
} from '../../../src/cache/entity-cache.js';
import { createMemoryCache } from '../../../src/cache/memory-cache.js';
import { createLogger } from '../../../src/logger.js';

const policy: CachePolicy = {
  ttlMs: 1_000,
  staleWhileRevalidateMs: 2_000,
  staleIfErrorMs: 10_000,
  negativeTtlMs: 100,
};

interface Item {
  id: string;
  rev: number;
}

function setup(store: CacheStore = createMemoryCache({ maxEntries: 100, maxBytes: 100_000 })) {
  let time = 1_000_000;
  const cache = createEntityCache({
    store,
    logger: createLogger('silent'),
    now: () => time,
    policy: () => policy,
  });
  let rev = 1;
  const upstream = vi.fn(async (keys: readonly string[], indexes: number[], _why?: FetchReason) => {
    return new Map<number, Item | null>(
      indexes.map((i) => [i, keys[i]!.startsWith('gone') ? null : { id: keys[i]!, rev }]),
    );
  });
  const load = (keys: readonly string[], onStale?: (info: StaleInfo) => void) =>
    cache.loadMany<Item>({
      keys,
      resource: 'product',
      fetch: (indexes, why) => upstream(keys, indexes, why),
      tags: (item) => [`t:${item.id}`],
      onStale,
    });
  return {
    cache,
    store,
    upstream,
    load,
    advance: (ms: number) => {
      time += ms;
    },
    bumpRevision: () => {
      rev += 1;
    },
  };
}

describe('entity cache', () => {
  it('serves a fresh hit without fetching', async () => {
    const { load, upstream } = setup();
    expect(await load(['a'])).toEqual([{ id: 'a', rev: 1 }]);
    expect(await load(['a'])).toEqual([{ id: 'a', rev: 1 }]);
    expect(upstream).toHaveBeenCalledTimes(1);
  });

  it('fetches only the misses, in one call, and answers in key order', async () => {
    const { load, upstream } = setup();
    await load(['b']);
    const result = await load(['a', 'b', 'c', 'a']);
    expect(result.map((item) => item?.id)).toEqual(['a', 'b', 'c', 'a']);
    expect(upstream).toHaveBeenCalledTimes(2);
    expect(upstream.mock.calls[1]![1]).toEqual([0, 2]);
  });

  it('serves stale within the revalidate window, then the refreshed value', async () => {
    const { load, upstream, advance, bumpRevision } = setup();
    await load(['a']);
    advance(1_500);
    bumpRevision();
    const stale: StaleInfo[] = [];
    expect(await load(['a'], (info) => stale.push(info))).toEqual([{ id: 'a', rev: 1 }]);
    expect(stale).toEqual([{ key: 'a', ageMs: 1_500, reason: 'revalidating' }]);
    await vi.waitFor(() => expect(upstream).toHaveBeenCalledTimes(2));
    await vi.waitFor(async () => expect(await load(['a'])).toEqual([{ id: 'a', rev: 2 }]));
    expect(upstream).toHaveBeenCalledTimes(2);
    // The first fetch had a caller waiting; the refresh ran in the background.
    expect(upstream.mock.calls.map((call) => call[2])).toEqual(['miss', 'revalidate']);
  });

  it('does not fail the request when a background refresh fails', async () => {
    const { load, upstream, advance } = setup();
    await load(['a']);
    advance(1_500);
    upstream.mockRejectedValueOnce(new Error('upstream down'));
    expect(await load(['a'])).toEqual([{ id: 'a', rev: 1 }]);
    await vi.waitFor(() => expect(upstream).toHaveBeenCalledTimes(2));
  });

  it('serves stale and reports it when upstream fails past the revalidate window', async () => {
    const { load, upstream, advance } = setup();
    await load(['a']);
    advance(5_000);
    upstream.mockRejectedValueOnce(new Error('upstream down'));
    const stale: StaleInfo[] = [];
    expect(await load(['a', 'a'], (info) => stale.push(info))).toEqual([
      { id: 'a', rev: 1 },
      { id: 'a', rev: 1 },
    ]);
    expect(stale).toEqual([{ key: 'a', ageMs: 5_000, reason: 'upstream-error' }]);
  });

  it('rejects the whole batch when upstream fails and a key has nothing stale', async () => {
    const { load, upstream, advance } = setup();
    await load(['a']);
    advance(5_000);
    upstream.mockRejectedValueOnce(new Error('upstream down'));
    await expect(load(['a', 'b'])).rejects.toThrow('upstream down');
    advance(20_000);
    upstream.mockRejectedValueOnce(new Error('still down'));
    await expect(load(['a'])).rejects.toThrow('still down');
    // The error was not cached: the next call fetches again.
    expect(await load(['b'])).toEqual([{ id: 'b', rev: 1 }]);
  });

  it('caches a not-found briefly', async () => {
    const { load, upstream, advance } = setup();
    expect(await load(['gone-1'])).toEqual([null]);
    expect(await load(['gone-1'])).toEqual([null]);
    expect(upstream).toHaveBeenCalledTimes(1);
    advance(policy.negativeTtlMs);
    expect(await load(['gone-1'])).toEqual([null]);
    expect(upstream).toHaveBeenCalledTimes(2);
  });

  it('treats a missing entry in the fetch result as not found', async () => {
    const { cache } = setup();
    const result = await cache.loadMany<Item>({
      keys: ['x', 'y'],
      resource: 'product',
      fetch: async () => new Map([[0, { id: 'x', rev: 1 }]]),
    });
    expect(result).toEqual([{ id: 'x', rev: 1 }, null]);
  });

  it('makes one fetch for 100 concurrent identical cold requests', async () => {
    const { load, upstream } = setup();
    const results = await Promise.all(Array.from({ length: 100 }, () => load(['a', 'b', 'c'])));
    expect(upstream).toHaveBeenCalledTimes(1);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
  });

  it('shares one failing fetch between concurrent callers, then fetches again', async () => {
    const { load, upstream } = setup();
    upstream.mockRejectedValueOnce(new Error('boom'));
    const outcomes = await Promise.allSettled([load(['a']), load(['a']), load(['a'])]);
    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
    expect(upstream).toHaveBeenCalledTimes(1);
    expect(await load(['a'])).toEqual([{ id: 'a', rev: 1 }]);
  });

  it('loads a single key, and its tags evict it', async () => {
    const { cache, store } = setup();
    const fetch = vi.fn(async () => ({ id: 'page', rev: 1 }));
    const options = {
      key: 'list',
      resource: 'product-list' as const,
      fetch,
      tags: () => ['lists'],
    };
    expect(await cache.load(options)).toEqual({ id: 'page', rev: 1 });
    await cache.load(options);
    expect(fetch).toHaveBeenCalledTimes(1);
    await store.deleteByTags(['lists']);
    await cache.load(options);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('treats a failing cache read as a miss', async () => {
    const store = createMemoryCache({ maxEntries: 10, maxBytes: 10_000 });
    store.mget = () => Promise.reject(new Error('cache down'));
    const { load, upstream } = setup(store);
    expect(await load(['a'])).toEqual([{ id: 'a', rev: 1 }]);
    expect(upstream).toHaveBeenCalledTimes(1);
  });

  it('serves what the store holds now when another writer replaced a warm entry', async () => {
    const { load, store, upstream } = setup();
    await load(['a']);
    expect(await load(['a'])).toEqual([{ id: 'a', rev: 1 }]);
    // Another replica (through Redis) or a refresh writes the same key with new content.
    const [raw] = await store.mget(['a']);
    const replaced = raw!.replace('"rev":1', '"rev":7');
    await store.mset([{ key: 'a', value: replaced, ttlMs: 60_000 }]);
    expect(await load(['a'])).toEqual([{ id: 'a', rev: 7 }]);
    expect(upstream).toHaveBeenCalledTimes(1);
  });
});
