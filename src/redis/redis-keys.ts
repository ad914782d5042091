/**
 * Names of everything the gateway keeps in Redis. Cache keys and tags are built in
 * `cache/keys.ts`; this file owns the prefix, the per-store hash tag and the non-cache keys.
 */

/** Versioned so a change of stored format never reads another version's values. */
export const REDIS_KEY_PREFIX = 'bcgw:v1:';

/** Evictions broadcast between replicas. Classic pub/sub reaches every node of a Cluster. */
export const INVALIDATION_CHANNEL = `${REDIS_KEY_PREFIX}invalidate`;

/**
 * The Redis Cluster hash tag of one store: `{storeHash}`. Every key of a store carries it, so
 * they all live in one slot. That is what makes the multi-key work legal and atomic on a Cluster:
 * MGET of a request's entities, a tag set with the keys it names (evicted together in one MULTI),
 * the response cache beside the entities. The price: one store's keys all sit on one shard, so
 * a Cluster adds failover and room for more stores, not more room for one store. Spreading a
 * store over slots would make every eviction a fan-out per slot with no atomicity.
 */
export function storeHashTag(storeHash: string): string {
  return `{${encodeURIComponent(storeHash)}}`;
}

/** A key (or key prefix) of one store, outside the cache: `bcgw:v1:{storeHash}:<name>`. */
export function storeKey(storeHash: string, name: string): string {
  return `${REDIS_KEY_PREFIX}${storeHashTag(storeHash)}:${name}`;
}

/** The store-wide quota state every replica shares (`redis-governor.ts`). */
export function quotaKey(storeHash: string): string {
  return storeKey(storeHash, 'quota');
}
