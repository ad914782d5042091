import type { Config } from '../config.js';
import type { CachePolicy } from './envelope.js';
import type { CacheResource } from './keys.js';

/** A "not found" is cached at most this long, so a newly created entity shows up quickly. */
const MAX_NEGATIVE_TTL_MS = 30_000;

const TTL_GROUP: Readonly<Record<CacheResource, keyof Config['cache']['ttlSeconds']>> = {
  product: 'product',
  variant: 'product',
  brand: 'brand',
  category: 'category',
  'category-tree': 'category',
  'product-list': 'list',
  'brand-list': 'list',
  'category-list': 'list',
};

/** The entity cache's `policy` option, from the `CACHE_*` settings. */
export function createCachePolicy(
  cache: Config['cache'],
): (resource: CacheResource) => CachePolicy {
  return (resource) => {
    const ttlMs = cache.ttlSeconds[TTL_GROUP[resource]] * 1000;
    return {
      ttlMs,
      staleWhileRevalidateMs: cache.staleWhileRevalidateSeconds * 1000,
      staleIfErrorMs: cache.staleIfErrorSeconds * 1000,
      negativeTtlMs: Math.min(ttlMs, MAX_NEGATIVE_TTL_MS),
    };
  };
}
