import type { CacheStore } from './cache.js';
import { type CacheResource, entityTag, resourceTag, responseTypeTag } from './keys.js';

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

/**
 * The GraphQL types whose cached whole responses a change can make wrong. A response that shows an
 * entity need not have selected its `id`, so responses are evicted by type, not by id: the entity
 * cache underneath still holds everything else, so re-answering them costs no upstream call.
 */
const RESPONSE_TYPES: Readonly<Record<ChangedEntity, readonly string[]>> = {
  product: ['Product'],
  variant: ['Variant', 'Product'],
  brand: ['Brand', 'Product'],
  category: ['Category', 'CategoryTreeItem', 'Product'],
};

export interface Invalidator {
  /** Evicts one entity (every shape of it) and the listings it may appear in. */
  entityChanged(resource: ChangedEntity, id: number | string): Promise<void>;
  /**
   * Evicts entity-cache entries by raw tags from `keys.ts`. Whole cached responses are untouched:
   * use `entityChanged` for anything a client may have been answered from.
   */
  tags(tags: readonly string[]): Promise<void>;
}

export function createInvalidator(store: CacheStore, storeHash: string): Invalidator {
  return {
    async entityChanged(resource, id) {
      const tags = [
        entityTag(storeHash, resource, id),
        ...WHAT_A_CHANGE_EVICTS[resource].map((listing) => resourceTag(storeHash, listing)),
        ...RESPONSE_TYPES[resource].map((typename) => responseTypeTag(storeHash, typename)),
      ];
      // Products carry the tags of the variants inside them (`loaders.ts`), so a variant's own
      // tag also evicts every product shape and listing that embeds it.
      await store.deleteByTags(tags);
    },
    tags: (tags) => store.deleteByTags(tags),
  };
}
