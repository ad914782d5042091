import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogApi, chunkForIn, shapeKey } from '../../../src/datasources/catalog.js';
import { HttpClient } from '../../../src/datasources/http-client.js';

const ORIGIN = 'https://api.test';
const PREFIX = '/stores/abc123';
const json = { headers: { 'content-type': 'application/json' } };
const list = (data: unknown[], current = 1, totalPages = 1) => ({
  data,
  meta: {
    pagination: {
      total: data.length,
      count: data.length,
      per_page: 250,
      current_page: current,
      total_pages: totalPages,
    },
  },
});

let agent: MockAgent;
let catalog: CatalogApi;

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  const http = new HttpClient({
    baseUrl: ORIGIN,
    storeHash: 'abc123',
    accessToken: 't',
    connectTimeoutMs: 1_000,
    headersTimeoutMs: 1_000,
    bodyTimeoutMs: 1_000,
    connections: 2,
    maxRetries: 0,
    maxRateLimitWaitMs: 100,
    dispatcher: agent,
  });
  catalog = new CatalogApi(http, { requestId: 'r1' });
});

afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

function query(path: string): URLSearchParams {
  return new URL(path, ORIGIN).searchParams;
}

describe('CatalogApi', () => {
  it('chunks 600 ids into 3 id:in calls of at most 250, each with an explicit limit', async () => {
    const seen: URLSearchParams[] = [];
    agent
      .get(ORIGIN)
      .intercept({ path: (p) => p.startsWith(`${PREFIX}/v3/catalog/products?`) })
      .reply((opts) => {
        const q = query(opts.path);
        seen.push(q);
        const ids = (q.get('id:in') ?? '').split(',').map(Number);
        return { statusCode: 200, data: list(ids.map((id) => ({ id }))), responseOptions: json };
      })
      .times(3);
    const ids = Array.from({ length: 600 }, (_, i) => i + 1);
    const products = await catalog.getProductsByIds(ids, {
      include: ['variants', 'images'],
      fields: ['id', 'name', 'price'],
    });
    expect(products.map((p) => p.id)).toEqual(ids);
    expect(seen.map((q) => q.get('id:in')?.split(',').length)).toEqual([250, 250, 100]);
    for (const q of seen) {
      expect(q.get('limit')).toBe('250');
      expect(q.get('include')).toBe('variants,images');
      // `id` always comes back and is not in the spec's include_fields enum: never asked for.
      expect(q.get('include_fields')).toBe('name,price');
    }
  });

  it('keeps id lists short enough for a sane URL', () => {
    const longSkus = Array.from({ length: 100 }, (_, i) => `SKU-${'X'.repeat(60)}-${i}`);
    const chunks = chunkForIn(longSkus);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flat()).toEqual(longSkus);
    for (const chunk of chunks) expect(chunk.join(',').length).toBeLessThanOrEqual(2_000);
  });

  it('pages through every variant of the products', async () => {
    const pages: string[] = [];
    agent
      .get(ORIGIN)
      .intercept({ path: (p) => p.startsWith(`${PREFIX}/v3/catalog/variants?`) })
      .reply((opts) => {
        const q = query(opts.path);
        pages.push(`${q.get('product_id:in')}#${q.get('page')}`);
        const page = Number(q.get('page'));
        return { statusCode: 200, data: list([{ id: page }], page, 2), responseOptions: json };
      })
      .times(2);
    const variants = await catalog.getVariantsByProductIds([4, 5]);
    expect(variants.map((v) => v.id)).toEqual([1, 2]);
    expect(pages).toEqual(['4,5#1', '4,5#2']);
  });

  it('reads variants by product_id:in, or one id= call for a key without product', async () => {
    const seen: string[] = [];
    agent
      .get(ORIGIN)
      .intercept({ path: (p) => p.startsWith(`${PREFIX}/v3/catalog/variants?`) })
      .reply((opts) => {
        const q = query(opts.path);
        seen.push(decodeURIComponent(new URL(opts.path, ORIGIN).search));
        const data = q.has('id')
          ? [{ id: Number(q.get('id')), product_id: 9 }]
          : [
              { id: 10, product_id: 4 },
              { id: 11, product_id: 4 },
              { id: 12, product_id: 5 },
            ];
        return { statusCode: 200, data: list(data), responseOptions: json };
      })
      .times(2);
    const variants = await catalog.getVariantsByKeys([
      { variantId: 11, productId: 4 },
      { variantId: 12, productId: 5 },
      { variantId: 30 },
    ]);
    expect(variants.map((v) => v.id).sort()).toEqual([11, 12, 30]);
    expect(seen.sort()).toEqual(['?id=30', '?product_id:in=4,5&page=1&limit=250']);
  });

  it('reads categories by id from the trees endpoint', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: `${PREFIX}/v3/catalog/trees/categories?category_id:in=12,13&limit=250` })
      .reply(200, list([{ category_id: 12, name: 'Bath' }]), json);
    await expect(catalog.getCategoriesByIds([12, 13])).resolves.toEqual([
      { category_id: 12, name: 'Bath' },
    ]);
  });

  it('reads the first tree when no tree id is given', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: `${PREFIX}/v3/catalog/trees` }).reply(200, list([{ id: 3 }]), json);
    pool
      .intercept({ path: `${PREFIX}/v3/catalog/trees/3/categories` })
      .reply(200, { data: [{ id: 1, children: [{ id: 2, children: [] }] }], meta: {} }, json);
    const tree = await catalog.getCategoryTree();
    expect(tree).toEqual([{ id: 1, children: [{ id: 2, children: [] }] }]);
  });

  it('lists products with spec filter names and value formats, sort and direction', async () => {
    agent
      .get(ORIGIN)
      .intercept({
        path: `${PREFIX}/v3/catalog/products?keyword=mug%20set&categories:in=3,4&price:min=5&is_visible=true&is_featured=1&sort=price&direction=desc&page=2&limit=10`,
      })
      .reply(200, list([{ id: 1 }]), json);
    const page = await catalog.listProducts(
      {
        keyword: 'mug set',
        'categories:in': [3, 4],
        'price:min': 5,
        is_visible: true,
        is_featured: true,
      },
      { page: 2, limit: 10 },
      { sort: 'price', direction: 'desc' },
      { include: [] },
    );
    expect(page.items).toEqual([{ id: 1 }]);
  });
});

describe('shapeKey', () => {
  it('is the same for the same shape in any order and differs otherwise', () => {
    const a = shapeKey({ include: ['images', 'variants'], fields: ['price', 'name'] });
    const b = shapeKey({ include: ['variants', 'images'], fields: ['name', 'price'] });
    expect(a).toBe(b);
    expect(shapeKey({ include: ['images'] })).not.toBe(
      shapeKey({ include: ['images'], fields: [] }),
    );
    expect(shapeKey({ include: [] })).not.toBe(a);
  });
});
