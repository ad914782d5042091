import type { Cache as ResponseCache } from '@graphql-yoga/plugin-response-cache';
import type { ExecutionResult } from 'graphql';
import type { CacheStore } from './cache.js';

/** An entity a cached response contains: a GraphQL typename, and its `id` when it has one. */
export interface ResponseEntity {
  typename: string;
  id?: string | number;
}

/** The tag a cached response carries for an entity (or for every entity of a type). */
export function responseEntityTag(storeHash: string, entity: ResponseEntity): string {
  const scope = `rc:${encodeURIComponent(storeHash)}:${entity.typename}`;
  return entity.id === undefined ? scope : `${scope}:${encodeURIComponent(String(entity.id))}`;
}

/**
 * Whole-response cache for Yoga's response-cache plugin, kept in the gateway's own store: memory,
 * or L1 + Redis shared by replicas with evictions broadcast, and Redis outages answered as misses.
 */
export function createResponseCacheStore(store: CacheStore, storeHash: string): ResponseCache {
  const key = (id: string) => `r:${encodeURIComponent(storeHash)}:${id}`;
  return {
    async get(id) {
      const [raw] = await store.mget([key(id)]).catch(() => [undefined]);
      if (raw === undefined) return undefined;
      try {
        // Only `set` below writes these keys.
        return JSON.parse(raw) as ExecutionResult<Record<string, unknown>>;
      } catch {
        return undefined;
      }
    },
    async set(id, data, entities, ttl) {
      const tags = new Set<string>();
      for (const entity of entities) {
        tags.add(responseEntityTag(storeHash, entity));
        tags.add(responseEntityTag(storeHash, { typename: entity.typename }));
      }
      await store
        .mset([{ key: key(id), value: JSON.stringify(data), ttlMs: ttl, tags: [...tags] }])
        .catch(() => {});
    },
    async invalidate(entities) {
      const tags = [...entities].map((entity) => responseEntityTag(storeHash, entity));
      await store.deleteByTags(tags).catch(() => {});
    },
  };
}
