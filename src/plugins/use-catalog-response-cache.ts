import { useResponseCache } from '@graphql-yoga/plugin-response-cache';
import type { Plugin } from 'graphql-yoga';
import type { CacheStore } from '../cache/cache.js';
import { createResponseCacheStore } from '../cache/response-cache-store.js';
import type { Config } from '../config.js';

/** Headers that make a request someone's own: such answers never come from the shared cache. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'x-api-key', 'x-customer-token'];

/**
 * Whole-response caching of anonymous queries (measured several times faster than re-executing a
 * warm listing; see README). Answers with errors or served stale are not stored, and the
 * invalidator evicts responses by the GraphQL types a change touches.
 */
export function responseCachePlugins(config: Config, store: CacheStore): Plugin[] {
  // A whole answer is never kept longer than the freshest of the entities it may contain.
  const ttlSeconds = Math.min(
    config.cache.responseTtlSeconds,
    ...Object.values(config.cache.ttlSeconds),
  );
  if (ttlSeconds === 0) return [];
  return [
    useResponseCache({
      session: () => null,
      enabled: (request) => !CREDENTIAL_HEADERS.some((name) => request.headers.has(name)),
      ttl: ttlSeconds * 1000,
      cache: createResponseCacheStore(store, config.storeHash),
      shouldCacheResult: ({ result }) => !result.errors?.length && !result.extensions?.cache,
      includeExtensionMetadata: false,
    }),
  ];
}
