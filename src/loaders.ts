import DataLoader from 'dataloader';
import type { EntityCache, FetchReason } from './cache/entity-cache.js';
import { type CacheResource, entityKey, entityTag, listKey, resourceTag } from './cache/keys.js';
import {
  type CatalogApi,
  type ProductListFilter,
  type ProductShape,
  type ProductSort,
  shapeKey,
  type VariantKey,
} from './datasources/catalog.js';
import type {
  BcBrand,
  BcCategoryTreeNode,
  BcProduct,
  BcTreeCategory,
  BcVariant,
} from './datasources/schemas/catalog.js';
import type { StaleReport } from './stale-report.js';

export interface Loaders {
  /** Products by id, fetched in the given upstream shape. One loader per shape per request. */
  productById(shape: ProductShape): DataLoader<number, BcProduct | null>;
  /** Variants by id and, when the global id carried it, product. */
  variantById: DataLoader<VariantKey, BcVariant | null, string>;
  brandById: DataLoader<number, BcBrand | null>;
  categoryById: DataLoader<number, BcTreeCategory | null>;
  /** Products by SKU, primed into `productById` of the same shape. */
  productBySku(shape: ProductShape): DataLoader<string, BcProduct | null>;
  /** One page of a product listing, cached across requests and primed into `productById`. */
  productPage(request: ProductPageRequest): Promise<{ items: BcProduct[]; total: number }>;
  /** One page of the brand listing, primed into `brandById`. */
  brandPage(request: { page: number; limit: number }): Promise<{ items: BcBrand[]; total: number }>;
  /** The storefront's category tree (the first tree), keyed by tree id; 0 means the default tree. */
  categoryTree: DataLoader<number, readonly BcCategoryTreeNode[]>;
}

export interface ProductPageRequest {
  filter: ProductListFilter;
  sort: ProductSort | undefined;
  page: number;
  limit: number;
  shape: ProductShape;
}

export interface LoaderDeps {
  catalog: CatalogApi;
  cache: EntityCache;
  storeHash: string;
  stale: StaleReport;
}

/** Ids per batch: BigCommerce's largest page, so one batch is one list call. */
const MAX_BATCH = 250;
const idOfEntity = (value: { id: number }) => value.id;

/** Builds the per-request loaders. Each batch is one cache `mget` plus one `id:in` call for misses. */
export function createLoaders(deps: LoaderDeps): Loaders {
  const { catalog, storeHash } = deps;
  // Background refreshes of stale entries yield to shopper-facing work in the quota governor.
  const background = catalog.withPriority('background');
  const apiFor = (why: FetchReason) => (why === 'revalidate' ? background : catalog);
  const byShape = <V>(create: (shape: ProductShape, key: string) => V) => {
    const made = new Map<string, V>();
    return (shape: ProductShape): V => {
      const key = shapeKey(shape);
      let value = made.get(key);
      if (value === undefined) {
        value = create(shape, key);
        made.set(key, value);
      }
      return value;
    };
  };
  const productById = byShape(
    (shape, key) =>
      new DataLoader<number, BcProduct | null>(
        byIdBatch(
          deps,
          apiFor,
          'product',
          key,
          (api, ids) => api.getProductsByIds(ids, shape),
          idOfEntity,
          (product) => embeddedTags(storeHash, product),
        ),
        { maxBatchSize: MAX_BATCH },
      ),
  );
  const primeProducts = (shape: ProductShape, products: readonly BcProduct[]) => {
    const loader = productById(shape);
    for (const product of products) loader.prime(product.id, product);
  };
  const brandById = new DataLoader<number, BcBrand | null>(
    byIdBatch(deps, apiFor, 'brand', 'default', (api, ids) => api.getBrandsByIds(ids), idOfEntity),
    { maxBatchSize: MAX_BATCH },
  );

  return {
    productById,
    productBySku: byShape(
      (shape) =>
        new DataLoader<string, BcProduct | null>(
          async (skus) => {
            // SKU lookups are rare (deep links): not cached across requests, only primed by id.
            const found = await catalog.getProductsBySkus(skus, shape);
            primeProducts(shape, found);
            const bySku = new Map(found.map((p) => [p.sku?.toLowerCase(), p]));
            return skus.map((sku) => bySku.get(sku.toLowerCase()) ?? null);
          },
          { maxBatchSize: MAX_BATCH },
        ),
    ),
    productPage: async ({ filter, sort, page, limit, shape }) => {
      const params = { ...filter, sort: sort?.sort, direction: sort?.direction, page, limit };
      const result = await deps.cache.load({
        resource: 'product-list',
        key: listKey({
          storeHash,
          resource: 'product-list',
          params: { ...params, shape: shapeKey(shape) },
        }),
        fetch: async (why) => {
          const { items, pagination } = await apiFor(why).listProducts(
            filter,
            { page, limit },
            sort,
            shape,
          );
          return { items, total: pagination.total };
        },
        tags: (value) => [
          resourceTag(storeHash, 'product-list'),
          ...value.items.flatMap((p) => [
            entityTag(storeHash, 'product', p.id),
            ...embeddedTags(storeHash, p),
          ]),
        ],
        onStale: (info) =>
          deps.stale.add({ resource: 'product-list', ageMs: info.ageMs, reason: info.reason }),
      });
      const value = result ?? { items: [], total: 0 };
      primeProducts(shape, value.items);
      return value;
    },
    brandPage: async ({ page, limit }) => {
      const result = await deps.cache.load({
        resource: 'brand-list',
        key: listKey({ storeHash, resource: 'brand-list', params: { page, limit } }),
        fetch: async (why) => {
          const { items, pagination } = await apiFor(why).listBrands({ page, limit });
          return { items, total: pagination.total };
        },
        tags: () => [resourceTag(storeHash, 'brand-list')],
        onStale: (info) =>
          deps.stale.add({ resource: 'brand-list', ageMs: info.ageMs, reason: info.reason }),
      });
      const value = result ?? { items: [], total: 0 };
      for (const brand of value.items) brandById.prime(brand.id, brand);
      return value;
    },
    variantById: new DataLoader<VariantKey, BcVariant | null, string>(
      async (keys) => {
        // Every key of the ids missing from the cache, so a forged key cannot hide the right one.
        const keysOf = (ids: readonly number[]) => {
          const missing = new Set(ids);
          return keys.filter((key) => missing.has(key.variantId));
        };
        const batch = byIdBatch(
          deps,
          apiFor,
          'variant',
          'default',
          (api, ids) => api.getVariantsByKeys(keysOf(ids)),
          idOfEntity,
          // A product change (price, visibility) can change its variants too.
          (variant) =>
            variant.product_id === undefined
              ? []
              : [entityTag(storeHash, 'product', variant.product_id)],
        );
        const found = Array.from(await batch(keys.map((key) => key.variantId)));
        // A key naming another product than the variant's is not an id we issued: null, even
        // when the variant itself is cached.
        return found.map((variant, i) => {
          const productId = keys[i]!.productId;
          const mismatch = variant && !(variant instanceof Error) && productId !== undefined;
          return mismatch && variant.product_id !== productId ? null : variant;
        });
      },
      { maxBatchSize: MAX_BATCH, cacheKeyFn: (key) => `${key.productId ?? ''}:${key.variantId}` },
    ),
    brandById,
    categoryById: new DataLoader(
      byIdBatch<BcTreeCategory>(
        deps,
        apiFor,
        'category',
        'default',
        (api, ids) => api.getCategoriesByIds(ids),
        (category) => category.category_id,
      ),
      { maxBatchSize: MAX_BATCH },
    ),
    categoryTree: new DataLoader(async (treeIds) =>
      Promise.all(
        treeIds.map(async (treeId) => {
          const [tree] = await deps.cache.loadMany<readonly BcCategoryTreeNode[]>({
            resource: 'category-tree',
            keys: [
              entityKey({ storeHash, resource: 'category-tree', id: treeId, shape: 'default' }),
            ],
            fetch: async (_missing, why) =>
              new Map([[0, await apiFor(why).getCategoryTree(treeId === 0 ? undefined : treeId)]]),
            tags: () => [
              entityTag(storeHash, 'category-tree', treeId),
              resourceTag(storeHash, 'category-tree'),
            ],
            onStale: (info) =>
              deps.stale.add({ resource: 'category-tree', ageMs: info.ageMs, reason: info.reason }),
          });
          return tree ?? [];
        }),
      ),
    ),
  };
}

/**
 * Tags of the entities a cached product carries inside it, so a change to any of them evicts
 * every shape and listing holding it. Variants are the ones with a life of their own (a
 * `store/sku/*` webhook, `entityChanged('variant', id)`). Images and custom fields have none:
 * their changes arrive as product updates, which the product's own tag covers. The brand and
 * categories are only ids here; their data lives in their own entries.
 */
function embeddedTags(storeHash: string, product: BcProduct): string[] {
  return (product.variants ?? []).map((variant) => entityTag(storeHash, 'variant', variant.id));
}

function byIdBatch<T>(
  deps: LoaderDeps,
  apiFor: (why: FetchReason) => CatalogApi,
  resource: CacheResource,
  shape: string,
  fetchByIds: (api: CatalogApi, ids: readonly number[]) => Promise<readonly T[]>,
  idOf: (value: T) => number,
  /** Tags beyond the entity's own, for what it embeds. */
  moreTags?: (value: T) => string[],
): DataLoader.BatchLoadFn<number, T | null> {
  return async (ids) => {
    const keys = ids.map((id) => entityKey({ storeHash: deps.storeHash, resource, id, shape }));
    return deps.cache.loadMany<T>({
      resource,
      keys,
      fetch: async (missing, why) => {
        const wanted = missing.map((index) => ids[index]!);
        const found = await fetchByIds(apiFor(why), wanted);
        const byId = new Map(found.map((value) => [idOf(value), value]));
        // BigCommerce answers sorted by id; re-align to the keys, null for ids it does not know.
        return new Map(missing.map((index) => [index, byId.get(ids[index]!) ?? null]));
      },
      tags: (value) => [
        entityTag(deps.storeHash, resource, idOf(value)),
        ...(moreTags?.(value) ?? []),
      ],
      missingTags: (index) => [entityTag(deps.storeHash, resource, ids[index]!)],
      onStale: (info) => deps.stale.add({ resource, ageMs: info.ageMs, reason: info.reason }),
    });
  };
}
