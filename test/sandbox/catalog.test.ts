import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListBody, type SingleBody, startSandbox } from './helpers.js';

type Started = Awaited<ReturnType<typeof startSandbox>>;
let s: Started;

beforeAll(async () => {
  s = await startSandbox({ products: 120, quota: { requests: 10_000, windowMs: 60_000 } });
});
afterAll(() => s.sandbox.close());

describe('products', () => {
  it('lists 50 by default with pagination meta and links', async () => {
    const { status, body } = await s.get<ListBody>('/v3/catalog/products');
    expect(status).toBe(200);
    expect(body.data).toHaveLength(50);
    expect(body.meta.pagination).toEqual({
      total: 120,
      count: 50,
      per_page: 50,
      current_page: 1,
      total_pages: 3,
      links: { current: '?page=1&limit=50', next: '?page=2&limit=50' },
    });
    const last = await s.get<ListBody>('/v3/catalog/products?page=3');
    expect(last.body.meta.pagination.count).toBe(20);
    expect(last.body.meta.pagination.links).toEqual({
      previous: '?page=2&limit=50',
      current: '?page=3&limit=50',
    });
  });

  it('answers id:in sorted by id, not in the order asked', async () => {
    const { body } = await s.get<ListBody<{ id: number }>>('/v3/catalog/products?id:in=9,3,77');
    expect(body.data.map((p) => p.id)).toEqual([3, 9, 77]);
    expect(body.meta.pagination.links.current).toBe('?id:in=9,3,77&page=1&limit=50');
  });

  it('accepts limit 250 and rejects 251 and non-numeric id:in with a v3 422', async () => {
    expect((await s.get<ListBody>('/v3/catalog/products?limit=250')).body.data).toHaveLength(120);
    const tooMany = await s.get('/v3/catalog/products?limit=251');
    expect(tooMany.status).toBe(422);
    expect(tooMany.body).toMatchObject({
      status: 422,
      title: expect.any(String),
      type: expect.any(String),
    });
    expect(tooMany.body.errors).toHaveProperty('limit');
    const bad = await s.get('/v3/catalog/products?id:in=1,abc');
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toHaveProperty(['id:in']);
  });

  it('returns sub-resources only when included', async () => {
    const plain = await s.get<SingleBody>('/v3/catalog/products/1');
    expect(plain.body.meta).toEqual({});
    expect(plain.body.data).not.toHaveProperty('variants');
    expect(plain.body.data).not.toHaveProperty('images');
    const { body } = await s.get<
      SingleBody<{ variants: { product_id: number; option_values: unknown[] }[] }>
    >('/v3/catalog/products/1?include=variants,images,primary_image');
    expect(body.data.variants.length).toBeGreaterThan(0);
    expect(body.data.variants.every((v) => v.product_id === 1)).toBe(true);
    expect(body.data).toHaveProperty('images');
    expect(body.data).toHaveProperty('primary_image.url_thumbnail');
  });

  it('trims fields with include_fields and exclude_fields, always keeping id', async () => {
    const some = await s.get<ListBody>('/v3/catalog/products?include_fields=name,price&limit=2');
    expect(Object.keys(some.body.data[0]!).sort()).toEqual(['id', 'name', 'price']);
    const fewer = await s.get<SingleBody>('/v3/catalog/products/2?exclude_fields=description,id');
    expect(fewer.body.data).toHaveProperty('id', 2);
    expect(fewer.body.data).not.toHaveProperty('description');
  });

  it('filters and sorts', async () => {
    const all = s.sandbox.store.products;
    const visible = await s.get<ListBody>('/v3/catalog/products?is_visible=false&limit=250');
    expect(visible.body.meta.pagination.total).toBe(all.filter((p) => !p.is_visible).length);
    const cheap = await s.get<ListBody<{ price: number }>>(
      '/v3/catalog/products?sort=price&direction=desc&price:max=50&limit=250',
    );
    const prices = cheap.body.data.map((p) => p.price);
    expect(prices.every((p) => p <= 50)).toBe(true);
    expect(prices).toEqual([...prices].sort((a, b) => b - a));
    const sku = all[4]!.sku;
    const bySku = await s.get<ListBody<{ id: number }>>(`/v3/catalog/products?sku=${sku}`);
    expect(bySku.body.data.map((p) => p.id)).toEqual([5]);
    expect((await s.get('/v3/catalog/products?sort=colour')).status).toBe(422);
  });

  it('answers 404 with a v3 error for an unknown product', async () => {
    const { status, body } = await s.get('/v3/catalog/products/999999');
    expect(status).toBe(404);
    expect(body).toMatchObject({
      status: 404,
      title: expect.any(String),
      type: expect.any(String),
    });
  });

  it('serves the changes made through store.updateProduct', async () => {
    s.sandbox.store.updateProduct(7, { name: 'Renamed', price: 10, sale_price: 8 });
    const { body } = await s.get<SingleBody>('/v3/catalog/products/7');
    expect(body.data).toMatchObject({ name: 'Renamed', price: 10, calculated_price: 8 });
  });
});

describe('auth and store hash', () => {
  it('refuses a missing or wrong token with 401 and rate-limit headers', async () => {
    for (const token of [null, 'wrong']) {
      const { status, body, headers } = await s.get('/v3/catalog/products', { token });
      expect(status).toBe(401);
      expect(body).toMatchObject({ status: 401, type: expect.any(String) });
      expect(headers.get('x-rate-limit-requests-quota')).toBe('10000');
    }
  });

  it('answers 404 for another store hash', async () => {
    const other = `${s.sandbox.url}/stores/nope`;
    expect((await s.get('/v3/catalog/products', { base: other })).status).toBe(404);
  });
});

describe('variants, images, custom fields', () => {
  it('lists a product variants and one variant', async () => {
    const expected = s.sandbox.store.variants.get(3)!;
    const list = await s.get<ListBody<{ id: number }>>('/v3/catalog/products/3/variants');
    expect(list.body.data.map((v) => v.id)).toEqual(expected.map((v) => v.id));
    const one = await s.get<SingleBody>(`/v3/catalog/products/3/variants/${expected[0]!.id}`);
    expect(one.body.data).toMatchObject({ id: expected[0]!.id, sku: expected[0]!.sku });
    expect((await s.get('/v3/catalog/products/3/variants/999999')).status).toBe(404);
  });

  it('filters /v3/catalog/variants by the spec’s product_id:in, id and sku only', async () => {
    const { body } = await s.get<ListBody<{ product_id: number }>>(
      '/v3/catalog/variants?product_id:in=1,2&limit=250',
    );
    const expected = [1, 2].flatMap((id) => s.sandbox.store.variants.get(id)!);
    expect(body.data).toHaveLength(expected.length);
    const [first, second] = expected;
    const byId = await s.get<ListBody<{ id: number }>>(`/v3/catalog/variants?id=${second!.id}`);
    expect(byId.body.data.map((v) => v.id)).toEqual([second!.id]);
    const bySku = await s.get<ListBody<{ sku: string }>>(`/v3/catalog/variants?sku=${first!.sku}`);
    expect(bySku.body.data.map((v) => v.sku)).toEqual([first!.sku]);
    // `id:in` is not a parameter of this operation: like any unknown parameter, it filters nothing.
    const unspecified = await s.get<ListBody>(`/v3/catalog/variants?id:in=${first!.id}&limit=250`);
    expect(unspecified.body.meta.pagination.total).toBe(s.sandbox.store.allVariants().length);
  });

  it('takes is_featured as the spec’s 1/0 and refuses true/false with a 422', async () => {
    const featured = s.sandbox.store.products.filter((p) => p.is_featured).length;
    const one = await s.get<ListBody>('/v3/catalog/products?is_featured=1&limit=250');
    expect(one.body.meta.pagination.total).toBe(featured);
    const zero = await s.get<ListBody>('/v3/catalog/products?is_featured=0&limit=250');
    expect(zero.body.meta.pagination.total).toBe(s.sandbox.store.products.length - featured);
    const refused = await s.get('/v3/catalog/products?is_featured=true');
    expect(refused).toMatchObject({
      status: 422,
      body: { errors: { is_featured: expect.any(String) } },
    });
  });

  it('lists images and custom fields', async () => {
    const images = await s.get<ListBody<{ url_standard: string }>>('/v3/catalog/products/4/images');
    expect(images.body.data.length).toBe(s.sandbox.store.images.get(4)!.length);
    expect(images.body.data[0]!.url_standard).toMatch(/^https:\/\//);
    const fields = await s.get<ListBody>('/v3/catalog/products/4/custom-fields');
    expect(fields.body.data).toEqual(s.sandbox.store.customFields.get(4));
  });
});

describe('brands, categories, trees', () => {
  it('lists brands by id:in and reads one', async () => {
    const { body } = await s.get<ListBody<{ id: number }>>('/v3/catalog/brands?id:in=3,1');
    expect(body.data.map((b) => b.id)).toEqual([1, 3]);
    expect((await s.get('/v3/catalog/brands/2')).body.data).toHaveProperty('custom_url.url');
    expect((await s.get('/v3/catalog/brands/999')).status).toBe(404);
  });

  it('filters legacy categories by parent_id', async () => {
    const { body } = await s.get<ListBody<{ parent_id: number }>>(
      '/v3/catalog/categories?parent_id=0',
    );
    expect(body.data.length).toBeGreaterThan(2);
    expect(body.data.every((c) => c.parent_id === 0)).toBe(true);
  });

  it('nests a tree three levels deep and lists tree categories', async () => {
    interface Node {
      depth: number;
      children: Node[];
    }
    const { body } = await s.get<SingleBody<Node[]>>('/v3/catalog/trees/1/categories');
    const depth = (nodes: Node[]): number =>
      Math.max(0, ...nodes.map((n) => 1 + depth(n.children)));
    expect(depth(body.data)).toBe(3);
    expect((await s.get('/v3/catalog/trees/9/categories')).status).toBe(404);
    const flat = await s.get<ListBody>(
      '/v3/catalog/trees/categories?category_id:in=1,2&tree_id:in=1',
    );
    expect(flat.body.data.map((c) => c.category_id)).toEqual([1, 2]);
    expect(flat.body.data[0]).toHaveProperty('url.path');
    const trees = await s.get<ListBody>('/v3/catalog/trees');
    expect(trees.body.data).toEqual([{ id: 1, name: 'Default', channels: [1] }]);
  });
});
