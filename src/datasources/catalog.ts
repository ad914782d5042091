import type { z } from 'zod';
import type { HttpClient, QueryValue, UpstreamRequest } from './http-client.js';
import { MAX_LIMIT, readAllPages } from './paging.js';
import type { RequestPriority } from './quota.js';
import {
  type BcBrand,
  type BcCategoryTreeNode,
  type BcProduct,
  type BcTreeCategory,
  type BcVariant,
  bcBrandSchema,
  bcCategoryTreeNodeSchema,
  bcCategoryTreeSchema,
  bcProductSchema,
  bcTreeCategorySchema,
  bcVariantSchema,
} from './schemas/catalog.js';
import type { BcPagination } from './schemas/envelope.js';

/** What to ask `/v3/catalog/products` for: sub-resources and, optionally, a field whitelist. */
export interface ProductShape {
  include: readonly ('variants' | 'images' | 'custom_fields' | 'primary_image')[];
  /** `include_fields`; `undefined` means every field. */
  fields?: readonly string[];
}

/** `/v3/catalog/products` filters, named as BigCommerce's query parameters. */
export interface ProductListFilter {
  keyword?: string;
  'categories:in'?: readonly number[];
  brand_id?: number;
  // Not among the operation's parameters in the spec (it lists only `price`): the `:min`/`:max`
  // range modifiers come from BigCommerce's filtering guide ("Filtering" in the API docs). The
  // request contract test allows exactly these two extras (test/contract/openapi-requests.test.ts).
  // A decimal string from the graph (`Decimal`), sent as written; a number from other callers.
  'price:min'?: string | number;
  'price:max'?: string | number;
  is_visible?: boolean;
  /** Sent as `1`/`0`: the spec's `is_featured` is an integer enum, not a boolean. */
  is_featured?: boolean;
  'inventory_level:min'?: number;
  'inventory_level:max'?: number;
  'id:in'?: readonly number[];
}

export type ProductSortField =
  | 'id'
  | 'name'
  | 'sku'
  | 'price'
  | 'date_modified'
  | 'date_last_imported'
  | 'inventory_level'
  | 'is_visible'
  | 'total_sold'
  | 'calculated_price';

export interface ProductSort {
  sort: ProductSortField;
  direction: 'asc' | 'desc';
}

/** `/v3/catalog/trees/categories` filters. */
export interface CategoryListFilter {
  'tree_id:in'?: readonly number[];
  'parent_id:in'?: readonly number[];
  is_visible?: boolean;
  keyword?: string;
  name?: string;
}

export interface PageRequest {
  page: number;
  limit: number;
}

/**
 * A variant to look up. Its global id carries the product when it was issued from one, because the
 * spec's `/catalog/variants` filters by a single `id` or by `product_id:in`, not by `id:in`.
 */
export interface VariantKey {
  variantId: number;
  productId?: number;
}

export interface Page<T> {
  items: T[];
  pagination: BcPagination;
}

// Keeps `id:in=...` well inside common 2–8 KB URL limits even with long SKUs.
const MAX_LIST_CHARS = 2_000;

/** Canonical cache-key fragment for a shape: same shape, same string, whatever the order. */
export function shapeKey(shape: ProductShape): string {
  const include = [...shape.include].sort().join(',');
  const fields = shape.fields ? [...shape.fields].sort().join(',') : '*';
  return `i=${include};f=${fields}`;
}

/** Splits values into `:in` lists of at most 250 entries and MAX_LIST_CHARS characters. */
export function chunkForIn<T extends string | number>(values: readonly T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let chars = 0;
  for (const value of values) {
    const length = String(value).length + 1;
    if (current.length > 0 && (current.length >= MAX_LIMIT || chars + length > MAX_LIST_CHARS)) {
      chunks.push(current);
      current = [];
      chars = 0;
    }
    current.push(value);
    chars += length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function shapeQuery(shape: ProductShape): Record<string, QueryValue> {
  // `id` is always returned and is not in the spec's `include_fields` enum: never ask for it. An
  // empty list would mean "no field", which BigCommerce cannot express: ask for everything then.
  const fields = shape.fields && [...new Set(shape.fields)].filter((field) => field !== 'id');
  return {
    include: shape.include.length > 0 ? shape.include : undefined,
    include_fields: fields && fields.length > 0 ? fields : undefined,
  };
}

/** Filter values in the spec's wire format. */
function filterQuery(filter: ProductListFilter): Record<string, QueryValue> {
  const { is_featured, ...rest } = filter;
  return { ...rest, is_featured: is_featured === undefined ? undefined : is_featured ? 1 : 0 };
}

/** Catalog reads over one request's HttpClient. Results come back in upstream (id) order. */
export class CatalogApi {
  constructor(
    private readonly http: HttpClient,
    private readonly options: { requestId?: string; priority?: RequestPriority } = {},
  ) {}

  /** The same reads at another upstream priority (e.g. background refreshes). */
  withPriority(priority: RequestPriority): CatalogApi {
    return new CatalogApi(this.http, { ...this.options, priority });
  }

  getProductsByIds(ids: readonly number[], shape: ProductShape): Promise<BcProduct[]> {
    return this.byChunks(ids, 'id:in', '/v3/catalog/products', bcProductSchema, shapeQuery(shape));
  }

  getProductsBySkus(skus: readonly string[], shape: ProductShape): Promise<BcProduct[]> {
    return this.byChunks(
      skus,
      'sku:in',
      '/v3/catalog/products',
      bcProductSchema,
      shapeQuery(shape),
    );
  }

  async listProducts(
    filter: ProductListFilter,
    page: PageRequest,
    sort: ProductSort | undefined,
    shape: ProductShape,
  ): Promise<Page<BcProduct>> {
    const query = {
      ...filterQuery(filter),
      ...shapeQuery(shape),
      ...sort,
      page: page.page,
      limit: page.limit,
    };
    return this.page('/v3/catalog/products', query, bcProductSchema);
  }

  /** Every variant of the products, all pages read. */
  async getVariantsByProductIds(productIds: readonly number[]): Promise<BcVariant[]> {
    const chunks = chunkForIn(productIds).map((chunk) =>
      this.allPages('/v3/catalog/variants', { 'product_id:in': chunk }, bcVariantSchema),
    );
    return (await Promise.all(chunks)).flat();
  }

  /**
   * Variants by key, in no particular order. Keys that name their product are read with
   * `product_id:in` (every variant of those products, then picked); a key without one (an id
   * issued before ids carried the product) costs one `id=` call.
   */
  async getVariantsByKeys(keys: readonly VariantKey[]): Promise<BcVariant[]> {
    const wanted = new Set(keys.map((key) => key.variantId));
    const productIds = new Set<number>();
    const alone = new Set<number>();
    for (const key of keys) {
      if (key.productId === undefined) alone.add(key.variantId);
      else productIds.add(key.productId);
    }
    const [siblings, singles] = await Promise.all([
      productIds.size > 0 ? this.getVariantsByProductIds([...productIds]) : [],
      Promise.all([...alone].map((id) => this.getVariantById(id))),
    ]);
    const found = siblings.filter((variant) => wanted.has(variant.id));
    for (const variant of singles) if (variant) found.push(variant);
    return found;
  }

  /** One variant by id (`GET /v3/catalog/variants?id=`), or null. */
  async getVariantById(id: number): Promise<BcVariant | null> {
    const { data } = await this.http.listV3(
      this.request('/v3/catalog/variants', { id }),
      bcVariantSchema,
    );
    return data.find((variant) => variant.id === id) ?? null;
  }

  getBrandsByIds(ids: readonly number[]): Promise<BcBrand[]> {
    return this.byChunks(ids, 'id:in', '/v3/catalog/brands', bcBrandSchema);
  }

  listBrands(page: PageRequest): Promise<Page<BcBrand>> {
    return this.page('/v3/catalog/brands', { ...page }, bcBrandSchema);
  }

  getCategoriesByIds(ids: readonly number[]): Promise<BcTreeCategory[]> {
    return this.byChunks(
      ids,
      'category_id:in',
      '/v3/catalog/trees/categories',
      bcTreeCategorySchema,
    );
  }

  listCategories(filter: CategoryListFilter, page: PageRequest): Promise<Page<BcTreeCategory>> {
    return this.page('/v3/catalog/trees/categories', { ...filter, ...page }, bcTreeCategorySchema);
  }

  /** The nested categories of a tree; without `treeId`, of the store's first tree. */
  async getCategoryTree(treeId?: number): Promise<BcCategoryTreeNode[]> {
    let id = treeId;
    if (id === undefined) {
      const { data: trees } = await this.http.listV3(
        this.request('/v3/catalog/trees', {}),
        bcCategoryTreeSchema,
      );
      id = trees[0]?.id;
      if (id === undefined) return [];
    }
    const path = `/v3/catalog/trees/${id}/categories`;
    const { data } = await this.http.listV3(this.request(path, {}), bcCategoryTreeNodeSchema);
    return data;
  }

  private request(path: string, query: Record<string, QueryValue>): UpstreamRequest {
    return { path, query, requestId: this.options.requestId, priority: this.options.priority };
  }

  private async page<T>(path: string, query: Record<string, QueryValue>, schema: z.ZodType<T>) {
    const { data, pagination } = await this.http.listV3(this.request(path, query), schema);
    return { items: data, pagination };
  }

  /** One call per chunk with an explicit `limit`: lists page at 50 by default and would drop rows. */
  private async byChunks<K extends string | number, T>(
    keys: readonly K[],
    param: string,
    path: string,
    schema: z.ZodType<T>,
    extra: Record<string, QueryValue> = {},
  ): Promise<T[]> {
    const calls = chunkForIn(keys).map(async (chunk) => {
      const query = { ...extra, [param]: chunk, limit: MAX_LIMIT };
      return (await this.http.listV3(this.request(path, query), schema)).data;
    });
    return (await Promise.all(calls)).flat();
  }

  private allPages<T>(path: string, query: Record<string, QueryValue>, schema: z.ZodType<T>) {
    return readAllPages(this.http, (q) => this.request(path, q), query, schema);
  }
}
