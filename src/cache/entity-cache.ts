import type { Logger } from '../logger.js';
import type { CacheStore } from './cache.js';
import {
  type CachePolicy,
  classify,
  createEnvelopeReader,
  type Envelope,
  toEntry,
} from './envelope.js';
import type { CacheResource } from './keys.js';
import { createSingleFlight } from './single-flight.js';

type SingleFlight<V> = ReturnType<typeof createSingleFlight<V>>;

export type { CachePolicy } from './envelope.js';

export interface EntityCacheOptions {
  readonly store: CacheStore;
  readonly logger: Logger;
  /** Clock for freshness decisions. @default Date.now */
  readonly now?: () => number;
  readonly policy: (resource: CacheResource) => CachePolicy;
  /** Told the outcome of every key looked up (metrics). */
  readonly onLookup?: (resource: CacheResource, outcome: 'fresh' | 'stale' | 'miss') => void;
  /**
   * Stored text (UTF-16 units) whose parsed envelope is kept for reuse while the store still holds
   * that text. @default 4_194_304
   */
  readonly parsedMaxChars?: number;
}

export interface StaleInfo {
  readonly key: string;
  readonly ageMs: number;
  readonly reason: 'revalidating' | 'upstream-error';
}

/**
 * Why a fetch runs: a caller is waiting (`miss`), or a stale value is being refreshed in the
 * background (`revalidate`), which may yield to shopper-facing work upstream.
 */
export type FetchReason = 'miss' | 'revalidate';

export interface LoadManyOptions<T> {
  /** Cache keys from `keys.ts`, one per wanted value. */
  readonly keys: readonly string[];
  /**
   * Fetches the values at these indexes of `keys`, in one upstream call. A missing or `null`
   * entry means "not found" and is cached briefly. Throwing rejects the batch; errors are never cached.
   */
  readonly fetch: (missingIndexes: number[], why: FetchReason) => Promise<Map<number, T | null>>;
  readonly resource: CacheResource;
  /** Tags to evict this value by (`entityTag`, `resourceTag`). */
  readonly tags?: (value: T, index: number) => string[];
  /**
   * Tags of a remembered "not found" (`entityTag` of the id asked for), so creating the entity
   * evicts it: without them a new id would read as missing until the entry expired.
   */
  readonly missingTags?: (index: number) => string[];
  /** Told whenever a stale value is served. */
  readonly onStale?: (info: StaleInfo) => void;
}

export interface LoadOptions<T> extends Omit<LoadManyOptions<T>, 'keys' | 'fetch' | 'tags'> {
  readonly key: string;
  readonly fetch: (why: FetchReason) => Promise<T | null>;
  readonly tags?: (value: T) => string[];
}

export interface EntityCache {
  /** Values (JSON-serialisable) in the order of `keys`; `null` for not found. */
  loadMany<T>(options: LoadManyOptions<T>): Promise<(T | null)[]>;
  load<T>(options: LoadOptions<T>): Promise<T | null>;
}

/** Read-through cache with stale-while-revalidate, stale-if-error and per-key single-flight. */
export function createEntityCache(options: EntityCacheOptions): EntityCache {
  const { store, logger, now = Date.now, policy } = options;
  const readEnvelope = createEnvelopeReader(options.parsedMaxChars ?? 4 * 1024 * 1024);
  // One fetch per key at a time in this process, whoever asks and whatever the value type.
  const flights = createSingleFlight<unknown>();

  const read = async (keys: readonly string[]) => {
    try {
      return await store.mget(keys);
    } catch (error) {
      logger.warn({ err: error }, 'cache read failed, treating as misses');
      return keys.map(() => undefined);
    }
  };

  const fetchAndStore = async <T>(
    request: LoadManyOptions<T>,
    indexes: number[],
    why: FetchReason,
  ) => {
    const fetched = await request.fetch(indexes, why);
    const rules = policy(request.resource);
    const at = now();
    const entries = indexes.map((index) => {
      const value = fetched.get(index) ?? null;
      const tags =
        value === null
          ? (request.missingTags?.(index) ?? [])
          : (request.tags?.(value, index) ?? []);
      return toEntry(request.keys[index]!, value, at, rules, tags);
    });
    try {
      await store.mset(entries);
    } catch (error) {
      logger.warn({ err: error }, 'cache write failed');
    }
    return fetched;
  };

  /** Per-key promises for `indexes`: joins fetches in flight, starts one for the rest. */
  const share = <T>(request: LoadManyOptions<T>, indexes: readonly number[], why: FetchReason) => {
    const firstIndex = new Map<string, number>();
    for (const index of indexes) {
      const key = request.keys[index]!;
      if (!firstIndex.has(key)) firstIndex.set(key, index);
    }
    return (flights as SingleFlight<T | null>).join(
      [...firstIndex.keys()],
      async (keys) => {
        const wanted = keys.map((key) => firstIndex.get(key)!);
        const fetched = await fetchAndStore(request, wanted, why);
        return new Map(keys.map((key, i) => [key, fetched.get(wanted[i]!) ?? null]));
      },
      null,
    );
  };

  const revalidate = <T>(request: LoadManyOptions<T>, indexes: number[]) => {
    const { started } = share(request, indexes, 'revalidate');
    started?.catch((error: unknown) => {
      logger.warn({ err: error, resource: request.resource }, 'cache revalidation failed');
    });
  };

  const loadMany = async <T>(request: LoadManyOptions<T>): Promise<(T | null)[]> => {
    const { keys, onStale } = request;
    const rules = policy(request.resource);
    const at = now();
    const raws = await read(keys);
    const results: (T | null)[] = keys.map(() => null);
    const missing: number[] = [];
    const stale: number[] = [];
    const fallbacks = new Map<string, Envelope<T>>();

    for (const [index, key] of keys.entries()) {
      const lookup = classify(readEnvelope<T>(key, raws[index]), at, rules);
      options.onLookup?.(request.resource, lookup.state);
      if (lookup.state === 'miss') {
        missing.push(index);
        if (lookup.fallback) fallbacks.set(key, lookup.fallback);
        continue;
      }
      results[index] = lookup.envelope.v;
      if (lookup.state === 'stale') {
        stale.push(index);
        onStale?.({ key, ageMs: at - lookup.envelope.storedAt, reason: 'revalidating' });
      }
    }
    if (stale.length > 0) revalidate(request, stale);
    if (missing.length === 0) return results;

    const { promises } = share(request, missing, 'miss');
    const settled = await Promise.allSettled(promises.values());
    const values = new Map<string, T | null>();
    const servedStale: StaleInfo[] = [];
    let failure: { error: unknown } | undefined;
    for (const [position, key] of [...promises.keys()].entries()) {
      const outcome = settled[position]!;
      const fallback = fallbacks.get(key);
      if (outcome.status === 'fulfilled') values.set(key, outcome.value);
      else if (fallback) {
        values.set(key, fallback.v);
        servedStale.push({ key, ageMs: at - fallback.storedAt, reason: 'upstream-error' });
      } else failure ??= { error: outcome.reason };
    }
    if (failure) throw failure.error;
    for (const info of servedStale) onStale?.(info);
    for (const index of missing) results[index] = values.get(keys[index]!) ?? null;
    return results;
  };

  return {
    loadMany,
    async load<T>({ key, fetch, tags, ...rest }: LoadOptions<T>) {
      const [value] = await loadMany<T>({
        ...rest,
        keys: [key],
        fetch: async (_indexes, why) => new Map([[0, await fetch(why)]]),
        tags: tags && ((value: T) => tags(value)),
      });
      return value ?? null;
    },
  };
}

/**
 * `CACHE_MODE=off`: every load goes upstream, nothing is kept between requests. The per-request
 * DataLoaders in front still batch ids into one call, so cold paths can be measured as they are.
 */
export function createPassThroughEntityCache(): EntityCache {
  const loadMany = async <T>({ keys, fetch }: LoadManyOptions<T>): Promise<(T | null)[]> => {
    const fetched = await fetch([...keys.keys()], 'miss');
    return keys.map((_key, index) => fetched.get(index) ?? null);
  };
  return {
    loadMany,
    async load<T>({ fetch }: LoadOptions<T>) {
      return fetch('miss');
    },
  };
}
