import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.js';

const LISTING = /* GraphQL */ `
  query Listing($first: Int, $after: String) {
    products(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges {
        cursor
        node {
          id entityId name sku
          prices { price { amount currencyCode } salePrice { amount } }
          brand { entityId name }
          categories { entityId name }
          variants { entityId sku isPurchasable options { displayName label } }
          images { url(width: 320) altText isThumbnail }
        }
      }
    }
  }
`;

interface ListingData {
  products: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
    edges: {
      cursor: string;
      node: {
        entityId: number;
        name: string;
        brand: { entityId: number; name: string } | null;
        categories: { entityId: number; name: string }[];
        variants: { sku: string }[];
        images: { url: string | null }[];
      };
    }[];
  };
}

interface LookedUp {
  id: string;
  name: string;
  brand: { entityId: number; name: string } | null;
}

const globalId = (typename: string, id: number) =>
  Buffer.from(`${typename}:${id}`).toString('base64');

/** The first three products that have a brand, each brand different. */
function threeOfDistinctBrands<P extends { brand_id: number }>(products: readonly P[]): [P, P, P] {
  const seen = new Set<number>();
  const [a, b, c] = products.filter((p) => {
    if (p.brand_id === 0 || seen.has(p.brand_id)) return false;
    seen.add(p.brand_id);
    return true;
  });
  if (!a || !b || !c) throw new Error('the seeded store has fewer than three brands in use');
  return [a, b, c];
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ sandbox: { products: 260, seed: 7 } });
});
afterAll(() => stack?.close());
beforeEach(() => {
  stack.sandbox.counters.reset();
  stack.sandbox.faults.clear();
});

describe('product listing', () => {
  it('answers 50 products with brand, categories, variants and images in at most 3 upstream calls', async () => {
    const { body } = await stack.query<ListingData>(LISTING, { first: 50 });
    expect(body.errors).toBeUndefined();
    const edges = body.data!.products.edges;
    expect(edges).toHaveLength(50);

    // The answer agrees with the store itself, product by product.
    for (const { node } of edges) {
      const stored = stack.sandbox.store.getProduct(node.entityId)!;
      expect(node.name).toBe(stored.name);
      expect(node.brand?.entityId ?? 0).toBe(stored.brand_id);
      expect(node.categories.map((c) => c.entityId).sort()).toEqual([...stored.categories].sort());
      expect(node.variants.length).toBe(
        (stack.sandbox.store.variants.get(node.entityId) ?? []).length,
      );
      expect(node.images.every((i) => typeof i.url === 'string')).toBe(true);
    }
    const brands = new Set(edges.map((e) => e.node.brand?.entityId).filter(Boolean));
    expect(brands.size).toBeGreaterThan(1);

    const calls = stack.sandbox.counters.snapshot();
    expect(stack.sandbox.counters.total()).toBeLessThanOrEqual(3);
    expect(calls['GET /v3/catalog/products']).toBe(1);
    expect(calls['GET /v3/catalog/brands']).toBe(1);
    expect(calls['GET /v3/catalog/trees/categories']).toBe(1);
  });

  it('asks upstream only for what the query selects', async () => {
    const { body } = await stack.query(`{ products(first: 5) { edges { node { name } } } }`);
    expect(body.errors).toBeUndefined();
    const [path] = stack.sandbox.counters.recent();
    expect(path).toContain('include_fields=');
    expect(path).not.toContain('include=');
    expect(stack.sandbox.counters.total()).toBe(1);
  });

  it('walks every product exactly once with after cursors', async () => {
    const seen: number[] = [];
    let after: string | null = null;
    let pages = 0;
    let total = 0;
    do {
      const { body }: { body: { data?: ListingData | null; errors?: unknown } } =
        await stack.query<ListingData>(
          `query($after: String) { products(first: 40, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { node { entityId } } } }`,
          { after },
        );
      expect(body.errors).toBeUndefined();
      const page: ListingData['products'] = body.data!.products;
      total = page.totalCount;
      seen.push(...page.edges.map((e) => e.node.entityId));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 50);
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 40));
    // A constant page size maps onto BigCommerce pages: one upstream call per page.
    expect(stack.sandbox.counters.get('GET /v3/catalog/products')).toBe(pages);
  });

  it('serves a window that straddles upstream pages without gaps', async () => {
    const { body: first } = await stack.query<ListingData>(
      `{ products(first: 7) { edges { cursor node { entityId } } } }`,
    );
    const cursor = first.data!.products.edges[4]!.cursor;
    const { body } = await stack.query<ListingData>(
      `query($after: String) { products(first: 10, after: $after) { edges { node { entityId } } } }`,
      { after: cursor },
    );
    const { body: all } = await stack.query<ListingData>(
      `{ products(first: 15) { edges { node { entityId } } } }`,
    );
    const expected = all.data!.products.edges.slice(5, 15).map((e) => e.node.entityId);
    expect(body.data!.products.edges.map((e) => e.node.entityId)).toEqual(expected);
  });

  it.each([
    ['first: 0', /between 1 and 250/],
    ['first: 251', /between 1 and 250/],
    ['first: 5, after: "not-a-cursor"', /cursor is malformed/],
    ['first: 1, last: 1', /not both/],
  ])('rejects %s with BAD_USER_INPUT and no upstream call', async (args, message) => {
    const { body, response } = await stack.query(`{ products(${args}) { totalCount } }`);
    expect(response.status).toBe(200);
    expect(body.data).toEqual({ products: null });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(message);
    expect(stack.sandbox.counters.total()).toBe(0);
  });

  it('filters by brand, category and price as BigCommerce does', async () => {
    const product = stack.sandbox.store.getProduct(3)!;
    const { body } = await stack.query<ListingData>(
      `query($brand: Int, $category: Int) {
        products(first: 100, filter: { brandEntityId: $brand, categoryEntityId: $category }) {
          totalCount edges { node { entityId brand { entityId } categories { entityId } } } } }`,
      { brand: product.brand_id, category: product.categories[0] },
    );
    expect(body.errors).toBeUndefined();
    const nodes = body.data!.products.edges.map((e) => e.node);
    expect(nodes.map((n) => n.entityId)).toContain(3);
    for (const node of nodes) {
      expect(node.brand?.entityId).toBe(product.brand_id);
      expect(node.categories.map((c) => c.entityId)).toContain(product.categories[0]);
    }
  });
});

describe('partial answers', () => {
  it('keeps the products when the brand lookup fails upstream, and says where it failed', async () => {
    // Brands were cached by earlier tests: forget them so this query must ask upstream.
    for (const brand of stack.sandbox.store.brands) {
      await stack.app.invalidator.entityChanged('brand', brand.id);
    }
    stack.sandbox.faults.inject({ route: 'GET /v3/catalog/brands', kind: 'status', status: 500 });
    const { body } = await stack.query<{
      products: { edges: { node: { name: string; brand: { name: string } | null } }[] };
      categoryTree: unknown[] | null;
    }>(`{ products(first: 3, sort: { field: NAME }) { edges { node { name brand { name } } } }
          categoryTree { name } }`);
    const nodes = body.data!.products.edges.map((e) => e.node);
    expect(nodes).toHaveLength(3);
    expect(nodes.every((n) => n.name.length > 0 && n.brand === null)).toBe(true);
    expect(body.data!.categoryTree?.length).toBeGreaterThan(0);
    expect(body.errors?.[0]).toMatchObject({
      path: ['products', 'edges', 0, 'node', 'brand'],
      extensions: { code: 'UPSTREAM_ERROR' },
    });
  });
});

describe('single lookups', () => {
  it('finds products by entityId, global id and sku, fetching their brands in one id:in call', async () => {
    // Earlier tests cached every brand: forget them, or this test counts 0 whatever the code does.
    for (const brand of stack.sandbox.store.brands) {
      await stack.app.invalidator.entityChanged('brand', brand.id);
    }
    const [a, b, c] = threeOfDistinctBrands(stack.sandbox.store.products);
    // `d` shares `a`'s brand: each distinct brand is asked for once.
    const d = stack.sandbox.store.products.find((p) => p.id !== a.id && p.brand_id === a.brand_id)!;
    const { body } = await stack.query<
      Record<'a' | 'b' | 'c' | 'd', LookedUp> & { e: { entityId: number } | null }
    >(
      `query($a: Int, $b: Int, $c: ID, $d: Int, $sku: String) {
        a: product(entityId: $a) { id name brand { entityId name } }
        b: product(entityId: $b) { id name brand { entityId name } }
        c: product(id: $c) { id name brand { entityId name } }
        d: product(entityId: $d) { id name brand { entityId name } }
        e: product(sku: $sku) { entityId }
      }`,
      { a: a.id, b: b.id, c: globalId('Product', c.id), d: d.id, sku: b.sku },
    );
    expect(body.errors).toBeUndefined();
    const brandName = (id: number) => stack.sandbox.store.brands.find((x) => x.id === id)!.name;
    const expected = { a, b, c, d };
    for (const [alias, product] of Object.entries(expected)) {
      expect(body.data![alias as keyof typeof expected], alias).toEqual({
        id: globalId('Product', product.id),
        name: product.name,
        brand: { entityId: product.brand_id, name: brandName(product.brand_id) },
      });
    }
    expect(body.data!.e).toEqual({ entityId: b.id });

    // The products arrive in one batch, so their brands are one `id:in` call for three ids.
    expect(stack.sandbox.counters.get('GET /v3/catalog/brands')).toBe(1);
    const brandCall = stack.sandbox.counters.recent().find((path) => path.includes('/brands?'))!;
    const asked = new URLSearchParams(brandCall.split('?')[1]).get('id:in')!.split(',');
    const byId = (x: number, y: number) => x - y;
    expect(asked.map(Number).sort(byId)).toEqual([a.brand_id, b.brand_id, c.brand_id].sort(byId));

    const { body: byNode } = await stack.query<{ node: { entityId: number } | null }>(
      `query($id: ID!) { node(id: $id) { ... on Product { entityId } } }`,
      { id: body.data!.a.id },
    );
    expect(byNode.data!.node?.entityId).toBe(a.id);
  });

  it('answers null for an unknown id, not an error', async () => {
    const { body } = await stack.query(
      `{ product(entityId: 999999) { name } brand(entityId: 99999) { name } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ product: null, brand: null });
  });

  it('rejects an id of the wrong type or shape with BAD_USER_INPUT', async () => {
    const brandId = Buffer.from('Brand:1').toString('base64');
    for (const args of [`id: "${brandId}"`, 'id: "%%%"', 'entityId: -4']) {
      const { body } = await stack.query(`{ product(${args}) { name } }`);
      expect(body.errors?.[0]?.extensions?.code, args).toBe('BAD_USER_INPUT');
    }
  });

  it('answers node(id:) for every kind of bad global id with BAD_USER_INPUT', async () => {
    const ids = [
      'garbage',
      Buffer.from('Nope:1').toString('base64'),
      Buffer.from('Product:x').toString('base64'),
    ];
    for (const id of ids) {
      const { body } = await stack.query('query($id: ID!) { node(id: $id) { id } }', { id });
      expect(body.data, id).toEqual({ node: null });
      expect(body.errors?.[0]?.extensions?.code, id).toBe('BAD_USER_INPUT');
    }
  });

  it('rejects a malformed query with a clear error and no upstream call', async () => {
    const { body, response } = await stack.query(
      `{ products(first: 1) { edges { node { nam } } } }`,
      {},
      { accept: 'application/graphql-response+json' },
    );
    expect(response.status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/Cannot query field "nam"/);
    expect(stack.sandbox.counters.total()).toBe(0);
  });
});

describe('categories and brands', () => {
  it('returns the category tree and a category with breadcrumbs and products', async () => {
    const { body } = await stack.query<{
      categoryTree: {
        entityId: number;
        children: { entityId: number; children: { entityId: number }[] }[];
      }[];
    }>(
      `{ categoryTree { entityId name path children { entityId name children { entityId name } } } }`,
    );
    expect(body.errors).toBeUndefined();
    const leaf = body.data!.categoryTree.flatMap((top) =>
      top.children.flatMap((mid) => mid.children.map((l) => ({ top, mid, leaf: l }))),
    )[0]!;
    expect(leaf).toBeDefined();

    const { body: category } = await stack.query<{
      category: {
        name: string;
        breadcrumbs: { entityId: number }[];
        products: { totalCount: number };
      };
    }>(
      `query($id: Int) { category(entityId: $id) { name breadcrumbs { entityId name }
        products(first: 3) { totalCount edges { node { name } } } } }`,
      { id: leaf.leaf.entityId },
    );
    expect(category.errors).toBeUndefined();
    expect(category.data!.category.breadcrumbs.map((b) => b.entityId)).toEqual([
      leaf.top.entityId,
      leaf.mid.entityId,
      leaf.leaf.entityId,
    ]);
  });

  it('pages brands and lists a brand’s products', async () => {
    const { body } = await stack.query<{
      brands: {
        totalCount: number;
        edges: { node: { entityId: number; products: { totalCount: number } } }[];
      };
    }>(
      `{ brands(first: 5) { totalCount edges { node { entityId name products(first: 2) { totalCount } } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.brands.edges).toHaveLength(5);
    expect(body.data!.brands.totalCount).toBe(stack.sandbox.store.brands.length);
  });
});

describe('query limits', () => {
  it('answers a storefront navigation and a product page', async () => {
    const { body: navigation } = await stack.query(`{
      categoryTree { entityId name path isVisible depth
        children { entityId name path isVisible depth
          children { entityId name path isVisible depth } } }
      brands(first: 20) { edges { node { name path } } }
    }`);
    expect(navigation.errors).toBeUndefined();
    const { body: page } = await stack.query(
      `{ product(entityId: 21) { name path plainTextDescription prices { price { amount } }
          images { url(width: 1280) altText } variants { sku isPurchasable options { label } }
          customFields { name value } brand { name } categories { name breadcrumbs { name } } } }`,
    );
    expect(page.errors).toBeUndefined();
  });

  it('refuses a fan-out of connections under a list with QUERY_TOO_COMPLEX, fetching nothing', async () => {
    const { body, response } = await stack.query(
      `{ products(first: 250) { edges { node { name
          categories { products(first: 250) { edges { node { name } } } } } } } }`,
    );
    expect(response.status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      {
        message: 'Query cost 76350 exceeds the limit of 5000.',
        extensions: { code: 'QUERY_TOO_COMPLEX', measure: 'cost', value: 76350, max: 5000 },
      },
    ]);
    expect(stack.sandbox.counters.total()).toBe(0);
  });

  it('measures page sizes given as variables, per request', async () => {
    const query = `query($n: Int) { brands(first: $n) { edges { node {
      products(first: 1) { totalCount } } } } }`;
    const { body: small } = await stack.query(query, { n: 2 });
    expect(small.errors).toBeUndefined();
    stack.sandbox.counters.reset();
    const { body: big } = await stack.query(query, { n: 60 });
    expect(big.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(stack.sandbox.counters.total()).toBe(0);
  });

  it('answers 250 aliases of one field with one breadth error, not 250', async () => {
    const aliases = Array.from({ length: 250 }, (_, i) => `a${i}: product(entityId: 1) { name }`);
    const { body, response } = await stack.query(`{ ${aliases.join(' ')} }`);
    expect(response.status).toBe(400);
    expect(body.errors).toEqual([
      {
        message: 'Query breadth 500 exceeds the limit of 200.',
        extensions: { code: 'QUERY_TOO_COMPLEX', measure: 'breadth', value: 500, max: 200 },
      },
    ]);
    expect(stack.sandbox.counters.total()).toBe(0);
  });

  it('reports each limit a query exceeds once', async () => {
    const aliases = Array.from({ length: 250 }, (_, i) => `a${i}: categoryTree { name }`);
    const { body } = await stack.query(`{ ${aliases.join(' ')} }`);
    expect(body.errors?.map((e) => e.extensions?.measure)).toEqual(['breadth', 'cost']);
    expect(stack.sandbox.counters.total()).toBe(0);
  });
});
