import type { CacheStore } from './cache.js';
import { type CacheResource, entityTag, resourceTag } from './keys.js';

/** The catalog entities a webhook (or an operator) can say have changed. */
export type ChangedEntity = 'product' | 'variant' | 'brand' | 'category';

/**
 * Evicts everything a change makes wrong, on every replica (the tiered store broadcasts).
 * A changed entity can enter or leave any listing, so its listings go too; lists are cheap to refill.
 */
const WHAT_A_CHANGE_EVICTS: Readonly<Record<ChangedEntity, readonly CacheResource[]>> = {
  product: ['product-list'],
  variant: ['product-list'],
  brand: ['brand-list'],
  category: ['category-tree', 'category-list', 'product-list'],
};

export interface Invalidator {
  /** Evicts one entity (every shape of it) and the listings it may appear in. */
  entityChanged(resource: ChangedEntity, id: number | string): Promise<void>;
  /** Evicts by raw tags from `keys.ts`, for callers that know exactly what they wrote. */
  tags(tags: readonly string[]): Promise<void>;
}

export function createInvalidator(store: CacheStore, storeHash: string): Invalidator {
  return {
    async entityChanged(resource, id) {
      const tags = [
        entityTag(storeHash, resource, id),
        ...WHAT_A_CHANGE_EVICTS[resource].map((listing) => resourceTag(storeHash, listing)),
      ];
      // A variant lives inside its product's cached entries: those are tagged by product id,
      // so callers pass the product id for variant changes when they know it.
      await store.deleteByTags(tags);
    },
    tags: (tags) => store.deleteByTags(tags),
  };
}
