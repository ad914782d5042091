import { type Agent, request } from 'undici';
import { PAGE_SIZE } from './queries.js';
import type { RemoteSandbox } from './sandbox-client.js';

/** The product fields the listing needs; the gateway trims its own call to the same list. */
const LISTING_FIELDS = 'id,name,sku,price,calculated_price,sale_price,brand_id,categories';

interface ProductRow {
  id: number;
  brand_id: number;
  categories: number[];
}

/** A client of the store's REST API, fetching the listing's data without the gateway. */
export interface DirectClient {
  /** 1 products call (variants, images) + 1 brands `id:in` + 1 categories `id:in`, in sequence. */
  efficient(page: number): Promise<string>;
  /** 1 products call, then one call per product's brand and per (product, category) pair. */
  naive(page: number): Promise<string>;
  /** The page's products, for counting what the naive client would call. */
  products(page: number): Promise<ProductRow[]>;
}

export function createDirectClient(sandbox: RemoteSandbox, agent: Agent): DirectClient {
  const base = `${sandbox.url}/stores/${sandbox.storeHash}/v3/catalog`;
  const get = async <T>(path: string): Promise<T> => {
    const response = await request(`${base}${path}`, {
      dispatcher: agent,
      headers: { 'x-auth-token': sandbox.accessToken, accept: 'application/json' },
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`upstream ${response.statusCode}`);
    }
    return ((await response.body.json()) as { data: T }).data;
  };
  const listPage = (page: number, trimmed: boolean) =>
    get<ProductRow[]>(
      `/products?is_visible=true&include=variants,images&limit=${PAGE_SIZE}&page=${page}` +
        (trimmed ? `&include_fields=${LISTING_FIELDS}` : ''),
    );

  return {
    products: (page) => listPage(page, true),
    async efficient(page) {
      const products = await listPage(page, true);
      const brandIds = [...new Set(products.map((p) => p.brand_id).filter((id) => id > 0))];
      const categoryIds = [...new Set(products.flatMap((p) => p.categories))];
      if (brandIds.length > 0) await get(`/brands?id:in=${brandIds.join(',')}&limit=250`);
      if (categoryIds.length > 0) {
        await get(`/categories?id:in=${categoryIds.join(',')}&limit=250`);
      }
      return 'ok';
    },
    async naive(page) {
      const products = await listPage(page, false);
      for (const product of products) {
        if (product.brand_id > 0) await get(`/brands/${product.brand_id}`);
        for (const categoryId of new Set(product.categories))
          await get(`/categories/${categoryId}`);
      }
      return 'ok';
    },
  };
}

/** Upstream calls a naive client makes for these products: 1 + branded products + pairs. */
export function naiveCallCount(products: readonly ProductRow[]): number {
  const branded = products.filter((p) => p.brand_id > 0).length;
  const pairs = products.reduce((total, p) => total + new Set(p.categories).size, 0);
  return 1 + branded + pairs;
}
