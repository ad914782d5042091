import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMER_CREDENTIALS } from '../../sandbox/customers/seed.js';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import type { Scope } from '../../src/auth/scopes.js';
import type { Metrics } from '../../src/metrics.js';
import { cacheCounts, countsSince } from '../helpers/metrics.js';
import { type RedisReplicas, startRedisReplicas } from '../helpers/redis-replicas.js';
import { sharedRedisAvailable } from '../helpers/redis-server.js';
import { type GraphQLBody, type Stack, startStack } from '../helpers/stack.js';

// The warm fast path: a warm public answer is replayed as the bytes and headers the full pipeline
// sent, before Yoga runs, and still after authentication, the rate limit, CSRF and the
// persisted-only rule. Every case compares with what the full pipeline answers (the miss that
// recorded the entry, or a second gateway with the whole-response cache off, which has no fast
// path) and reads `bcgw_response_fast_path_total` to tell which of the two answered.

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const PRODUCT_CARD_TEXT =
  'query FastProductCard($id: Int!) { product(entityId: $id) { entityId name sku } }';
const PRODUCT_CARD = `sha256:${sha256Hex(PRODUCT_CARD_TEXT)}`;
/** Weighs 2 units on the full pipeline (cost over 300), 1 as a hit. */
const LISTING_50 =
  '{ products(first: 50) { edges { node { entityId name sku brand { name } } } } }';
const ANONYMOUS_BUDGET = 8;
const WINDOW_S = 60;

let sandbox: Sandbox;
/** The gateway under test: whole-response cache on (the defaults), hence the fast path. */
let stack: Stack;
/** The same gateway with `RESPONSE_CACHE_TTL_S=0`: every request takes the full pipeline. */
let reference: Stack;
let manifestDir: string;

/** Every test calls from an address of its own, so each starts with a full anonymous budget. */
let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;

const env = () => ({
  PERSISTED_OPERATIONS_FILE: join(manifestDir, 'persisted-documents.json'),
  RATE_LIMIT_ANONYMOUS: `${ANONYMOUS_BUDGET}/${WINDOW_S}s`,
  TRUST_PROXY: 'loopback',
});

beforeAll(async () => {
  manifestDir = mkdtempSync(join(tmpdir(), 'bcgw-fast-path-'));
  writeFileSync(
    join(manifestDir, 'persisted-documents.json'),
    JSON.stringify({ [PRODUCT_CARD]: PRODUCT_CARD_TEXT }),
  );
  sandbox = await createSandbox({ products: 120 });
  stack = await startStack({ sandboxInstance: sandbox, env: env(), deps: { redis: null } });
  reference = await startStack({
    sandboxInstance: sandbox,
    env: { ...env(), RESPONSE_CACHE_TTL_S: '0' },
    deps: { redis: null },
  });
});
afterAll(async () => {
  await Promise.all([stack?.close(), reference?.close()]);
  await sandbox?.close();
  if (manifestDir) rmSync(manifestDir, { recursive: true, force: true });
});

interface RawAnswer {
  status: number;
  headers: Headers;
  /** The body's bytes, one character per byte (latin1), so equal text means equal bytes. */
  bytes: string;
}

const jsonOf = (answer: RawAnswer) =>
  JSON.parse(Buffer.from(answer.bytes, 'latin1').toString('utf8')) as GraphQLBody<
    Record<string, unknown>
  >;
const codeOf = (answer: RawAnswer) => jsonOf(answer).errors?.[0]?.extensions?.code;
const remainingOf = (answer: RawAnswer) =>
  Number(/;r=(\d+)/.exec(answer.headers.get('ratelimit') ?? '')?.[1]);
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function raw(response: Response): Promise<RawAnswer> {
  const bytes = Buffer.from(await response.arrayBuffer()).toString('latin1');
  return { status: response.status, headers: response.headers, bytes };
}

/** A client of one gateway calling from `ip` (behind the trusted loopback proxy). */
function clientOf(gateway: Stack, ip: string) {
  return {
    post: async (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      raw(
        await fetch(gateway.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, ...headers },
          body: JSON.stringify(body),
        }),
      ),
    /** GET with each parameter in the query string (objects as JSON) and Yoga's CSRF header. */
    get: async (
      params: Record<string, unknown>,
      headers: Record<string, string> = {},
      { csrf = true } = {},
    ) => {
      const search = new URLSearchParams(
        Object.entries(params).map(([name, value]) => [
          name,
          typeof value === 'string' ? value : JSON.stringify(value),
        ]),
      );
      return raw(
        await fetch(`${gateway.endpoint}?${search}`, {
          headers: {
            'x-forwarded-for': ip,
            ...(csrf ? { 'x-graphql-yoga-csrf': '1' } : {}),
            ...headers,
          },
        }),
      );
    },
  };
}

const OUTCOMES = ['hit', 'not_modified', 'miss', 'bypass'] as const;
type Outcome = (typeof OUTCOMES)[number];

/** `bcgw_response_fast_path_total{outcome}`; 0 on a gateway that never registered it. */
async function fastPathCounts(metrics: Metrics): Promise<Record<Outcome, number>> {
  const metric = metrics.registry.getSingleMetric('bcgw_response_fast_path_total');
  const values = metric ? (await metric.get()).values : [];
  const count = (outcome: Outcome) =>
    values.filter((v) => v.labels.outcome === outcome).reduce((sum, v) => sum + v.value, 0);
  return Object.fromEntries(OUTCOMES.map((o) => [o, count(o)])) as Record<Outcome, number>;
}

/**
 * Starts watching the fast-path counters: `expect` checks what they did since, every outcome
 * not named being 0; `expectNotServed` only that nothing was served from a recorded entry.
 */
async function watchFastPath(metrics: Metrics) {
  const before = await fastPathCounts(metrics);
  const since = async () => {
    const after = await fastPathCounts(metrics);
    return Object.fromEntries(OUTCOMES.map((o) => [o, after[o] - before[o]])) as Record<
      Outcome,
      number
    >;
  };
  return {
    since,
    expect: (counts: Partial<Record<Outcome, number>>) =>
      expect
        .poll(since, { timeout: 2_000 })
        .toEqual({ hit: 0, not_modified: 0, miss: 0, bypass: 0, ...counts }),
    expectNotServed: async () => expect(await since()).toMatchObject({ hit: 0, not_modified: 0 }),
  };
}

/** What a client may compare between two answers: all headers but the per-request ones. */
function comparableHeaders(answer: RawAnswer, alsoIgnore: string[] = []) {
  const ignored = new Set(['x-request-id', 'date', 'ratelimit', ...alsoIgnore]);
  return Object.fromEntries([...answer.headers].filter(([name]) => !ignored.has(name)));
}

const strongEtagOf = (bytes: string) =>
  `"${createHash('sha256').update(Buffer.from(bytes, 'latin1')).digest('base64url')}"`;

/** A visible product no other test of this file asks for. */
const visibleProducts = () => sandbox.store.products.filter((p) => p.is_visible);
let nextVisible = 60;
const productForTest = () => {
  const product = visibleProducts()[nextVisible++];
  if (!product) throw new Error('the sandbox ran out of visible products');
  return product;
};

async function createKey(gateway: Stack, scopes: Scope[], persistedOnly = false) {
  const name = `fast-path ${scopes.join(' ') || 'none'} ${randomBytes(3).toString('hex')}`;
  return (await gateway.app.keys.create({ name, scopes, persistedOnly })).key;
}

describe('the warm fast path', () => {
  describe('byte identity', () => {
    it('replays a 50-product POST listing byte for byte, with the same headers and the caller’s request id', async () => {
      const ip = freshIp();
      const fast = clientOf(stack, ip);
      const offWatch = await watchFastPath(reference.metrics);
      const offCounts = await cacheCounts(reference.metrics);
      const full = await clientOf(reference, ip).post({ query: LISTING_50 });
      expect(full.status).toBe(200);
      expect(jsonOf(full).errors).toBeUndefined();
      // Without the whole-response cache nothing is recorded or replayed.
      await offWatch.expect({});
      expect(countsSince(offCounts, await cacheCounts(reference.metrics)).responseHit).toBe(0);

      const missWatch = await watchFastPath(stack.metrics);
      const miss = await fast.post({ query: LISTING_50 });
      await missWatch.expect({ miss: 1 });

      const hitWatch = await watchFastPath(stack.metrics);
      const counts = await cacheCounts(stack.metrics);
      const hit = await fast.post({ query: LISTING_50 }, { 'x-request-id': 'fast-path-listing-1' });
      await hitWatch.expect({ hit: 1 });
      expect(countsSince(counts, await cacheCounts(stack.metrics)).responseHit).toBe(1);

      expect(hit.status).toBe(200);
      expect(hit.bytes).toBe(miss.bytes);
      expect(hit.bytes).toBe(full.bytes);
      expect(comparableHeaders(hit)).toEqual(comparableHeaders(miss));
      expect(comparableHeaders(hit)).toEqual(comparableHeaders(full));
      expect(hit.headers.get('cache-control')).toBe('private, no-store');
      expect(hit.headers.get('ratelimit')).toMatch(/^"anonymous";r=\d+;t=\d+$/);
      expect(hit.headers.get('x-request-id')).toBe('fast-path-listing-1');
    });

    it('replays a single-product persisted GET byte for byte, with the same headers', async () => {
      const ip = freshIp();
      const fast = clientOf(stack, ip);
      const params = { documentId: PRODUCT_CARD, variables: { id: productForTest().id } };
      const full = await clientOf(reference, ip).get(params);
      expect(full.status).toBe(200);

      const missWatch = await watchFastPath(stack.metrics);
      const miss = await fast.get(params);
      await missWatch.expect({ miss: 1 });
      const hitWatch = await watchFastPath(stack.metrics);
      const hit = await fast.get(params, { 'x-request-id': 'fast-path-card-1' });
      await hitWatch.expect({ hit: 1 });

      expect(hit.status).toBe(200);
      expect(hit.bytes).toBe(miss.bytes);
      expect(hit.bytes).toBe(full.bytes);
      expect(comparableHeaders(hit)).toEqual(comparableHeaders(miss));
      // The gateway without a response cache tells caches to revalidate (`public, no-cache`).
      expect(comparableHeaders(hit, ['cache-control'])).toEqual(
        comparableHeaders(full, ['cache-control']),
      );
      expect(hit.headers.get('x-request-id')).toBe('fast-path-card-1');
    });

    it('replays the other persisted forms: documentId in a POST body, an APQ hash by POST and GET', async () => {
      const ip = freshIp();
      const id = productForTest().id;
      const text = `query FastApq${randomBytes(4).toString('hex')} { product(entityId: ${id}) { name } }`;
      const extensions = { persistedQuery: { version: 1, sha256Hash: sha256Hex(text) } };
      for (const gateway of [stack, reference]) {
        const registered = await clientOf(gateway, ip).post({ query: text, extensions });
        expect(jsonOf(registered).errors).toBeUndefined();
      }
      const forms: [string, (client: ReturnType<typeof clientOf>) => Promise<RawAnswer>][] = [
        ['POST documentId', (c) => c.post({ documentId: PRODUCT_CARD, variables: { id } })],
        ['POST APQ', (c) => c.post({ extensions })],
        ['GET APQ', (c) => c.get({ extensions })],
      ];
      for (const [form, send] of forms) {
        const full = await send(clientOf(reference, ip));
        expect(full.status, form).toBe(200);
        const fast = clientOf(stack, freshIp());
        const first = await send(fast);
        const watch = await watchFastPath(stack.metrics);
        const hit = await send(fast);
        await watch.expect({ hit: 1 });
        expect(hit.bytes, form).toBe(first.bytes);
        expect(hit.bytes, form).toBe(full.bytes);
      }
    });
  });

  describe('HTTP caching', () => {
    it('gives an anonymous persisted GET hit the pipeline’s ETag, and 304 on If-None-Match', async () => {
      const fast = clientOf(stack, freshIp());
      const params = { documentId: PRODUCT_CARD, variables: { id: productForTest().id } };
      const miss = await fast.get(params);
      const etag = miss.headers.get('etag');
      expect(etag).toBe(strongEtagOf(miss.bytes));

      const hitWatch = await watchFastPath(stack.metrics);
      const hit = await fast.get(params);
      await hitWatch.expect({ hit: 1 });
      expect(hit.headers.get('etag')).toBe(etag);
      expect(hit.headers.get('cache-control')).toBe('public, max-age=30');
      expect(hit.headers.get('ratelimit')).toBeNull();

      const revalidatedWatch = await watchFastPath(stack.metrics);
      const revalidated = await fast.get(params, { 'if-none-match': etag! });
      await revalidatedWatch.expect({ not_modified: 1 });
      expect(revalidated.status).toBe(304);
      expect(revalidated.bytes).toBe('');
      expect(revalidated.headers.get('etag')).toBe(etag);
      expect(revalidated.headers.get('cache-control')).toBe('public, max-age=30');

      const changedWatch = await watchFastPath(stack.metrics);
      const changed = await fast.get(params, { 'if-none-match': '"something-else"' });
      await changedWatch.expect({ hit: 1 });
      expect(changed.status).toBe(200);
      expect(changed.bytes).toBe(miss.bytes);
    });
  });

  describe('credentials', () => {
    const listingFor = (label: string) =>
      `query Creds${label} { products(first: 5) { edges { node { entityId name } } } }`;

    /**
     * Records the answer to `query` for an anonymous caller and for a catalog:read key (a private
     * entry), and checks the next request of each is replayed.
     */
    async function warm(query: string) {
      for (const credentials of [{}, bearer(await createKey(stack, ['catalog:read']))]) {
        const client = clientOf(stack, freshIp());
        const first = await client.post({ query }, credentials);
        expect(first.status).toBe(200);
        const watch = await watchFastPath(stack.metrics);
        const again = await client.post({ query }, credentials);
        await watch.expect({ hit: 1 });
        expect(again.bytes).toBe(first.bytes);
      }
    }

    it('refuses an invalid key with the pipeline’s 401, though an entry is warm', async () => {
      const query = listingFor('Invalid');
      await warm(query);
      const watch = await watchFastPath(stack.metrics);
      const refused = await clientOf(stack, freshIp()).post({ query }, bearer('bcgw_nonsense'));
      await watch.expectNotServed();
      expect(refused.status).toBe(401);
      expect(codeOf(refused)).toBe('UNAUTHENTICATED');
      expect(jsonOf(refused).data).toBeUndefined();
      const full = await clientOf(reference, freshIp()).post({ query }, bearer('bcgw_nonsense'));
      expect(refused.bytes).toBe(full.bytes);
    });

    it('answers a key without catalog:read FORBIDDEN, never with the warm data', async () => {
      const query = listingFor('NoCatalog');
      await warm(query);
      const ip = freshIp();
      const key = bearer(await createKey(stack, ['orders:read']));
      const referenceKey = bearer(await createKey(reference, ['orders:read']));
      const full = await clientOf(reference, ip).post({ query }, referenceKey);
      expect(codeOf(full)).toBe('FORBIDDEN');

      const watch = await watchFastPath(stack.metrics);
      for (let i = 0; i < 2; i++) {
        const refused = await clientOf(stack, ip).post({ query }, key);
        expect(refused.status).toBe(full.status);
        expect(refused.bytes).toBe(full.bytes);
        expect(jsonOf(refused).data).toEqual({ products: null });
      }
      await watch.expectNotServed();
    });

    it('gives a key with catalog:read_hidden or inventory:write entries of its own', async () => {
      const scopeSets: Scope[][] = [
        ['catalog:read', 'catalog:read_hidden'],
        ['catalog:read', 'inventory:write'],
      ];
      for (const [i, scopes] of scopeSets.entries()) {
        const query = listingFor(`Own${i}`);
        await warm(query);
        const client = clientOf(stack, freshIp());
        const key = bearer(await createKey(stack, scopes));
        const missWatch = await watchFastPath(stack.metrics);
        const first = await client.post({ query }, key);
        await missWatch.expect({ miss: 1 });
        expect(first.status).toBe(200);
        expect(first.headers.get('cache-control')).toBe('private, no-store');

        const hitWatch = await watchFastPath(stack.metrics);
        const second = await client.post({ query }, key);
        await hitWatch.expect({ hit: 1 });
        expect(second.bytes).toBe(first.bytes);
        expect(second.headers.get('ratelimit-policy')).toBe('"partner";q=600;w=60');
      }
    });

    it('refuses query text from a persisted-only key with 403 PERSISTED_QUERY_ONLY', async () => {
      const query = listingFor('PersistedOnly');
      await warm(query);
      const ip = freshIp();
      const key = bearer(await createKey(stack, ['catalog:read'], true));
      const watch = await watchFastPath(stack.metrics);
      const refused = await clientOf(stack, ip).post({ query }, key);
      await watch.expectNotServed();
      expect(refused.status).toBe(403);
      expect(codeOf(refused)).toBe('PERSISTED_QUERY_ONLY');
      expect(jsonOf(refused).data).toBeUndefined();
      const referenceKey = bearer(await createKey(reference, ['catalog:read'], true));
      expect(refused.bytes).toBe(
        (await clientOf(reference, ip).post({ query }, referenceKey)).bytes,
      );
    });

    it('answers a persisted-only key’s manifest document with its own private headers', async () => {
      const params = { documentId: PRODUCT_CARD, variables: { id: productForTest().id } };
      const anonymous = clientOf(stack, freshIp());
      const anonymousAnswer = await anonymous.get(params);
      expect(anonymousAnswer.headers.get('cache-control')).toBe('public, max-age=30');

      const client = clientOf(stack, freshIp());
      const key = bearer(await createKey(stack, ['catalog:read'], true));
      const first = await client.get(params, key);
      const watch = await watchFastPath(stack.metrics);
      const second = await client.get(params, key);
      await watch.expect({ hit: 1 });
      for (const answer of [first, second]) {
        expect(answer.status).toBe(200);
        expect(answer.bytes).toBe(anonymousAnswer.bytes);
        expect(answer.headers.get('cache-control')).toBe('private, no-store');
        expect(answer.headers.get('etag')).toBeNull();
        expect(answer.headers.get('ratelimit-policy')).toBe('"partner";q=600;w=60');
        expect(answer.headers.get('ratelimit')).toMatch(/^"partner";r=\d+;t=\d+$/);
      }
      expect(remainingOf(second)).toBe(remainingOf(first) - 1);
    });

    it('shares the anonymous answer with a catalog:read key and a customer, under their own headers', async () => {
      const params = { documentId: PRODUCT_CARD, variables: { id: productForTest().id } };
      const anonymousAnswer = await clientOf(stack, freshIp()).get(params);
      expect(anonymousAnswer.headers.get('etag')).not.toBeNull();
      const viewers = [
        { policy: 'partner', credentials: bearer(await createKey(stack, ['catalog:read'])) },
        { policy: 'customer', credentials: bearer(await customerAccessToken()) },
      ];
      for (const { policy, credentials } of viewers) {
        const client = clientOf(stack, freshIp());
        const firstWatch = await watchFastPath(stack.metrics);
        const counts = await cacheCounts(stack.metrics);
        const first = await client.get(params, credentials);
        // The whole-response cache entry is shared by scopes: the anonymous caller's answer is
        // this viewer's too, whether the fast path replays it or the pipeline finds it.
        expect(countsSince(counts, await cacheCounts(stack.metrics)).responseHit, policy).toBe(1);
        const handled = await firstWatch.since();
        expect(handled.hit + handled.miss, policy).toBe(1);
        const hitWatch = await watchFastPath(stack.metrics);
        const second = await client.get(params, credentials);
        await hitWatch.expect({ hit: 1 });
        for (const answer of [first, second]) {
          expect(answer.status).toBe(200);
          expect(answer.bytes, policy).toBe(anonymousAnswer.bytes);
          expect(answer.headers.get('cache-control'), policy).toBe('private, no-store');
          expect(answer.headers.get('etag'), policy).toBeNull();
          expect(answer.headers.get('ratelimit-policy'), policy).toMatch(
            new RegExp(`^"${policy}";`),
          );
        }
      }
    });
  });

  describe('rate limits', () => {
    it('charges each hit one unit, and answers the pipeline’s 429 once the budget is spent', async () => {
      const query = '{ products(first: 3) { edges { node { entityId name } } } }';
      expect((await clientOf(stack, freshIp()).post({ query })).status).toBe(200);

      const caller = clientOf(stack, freshIp());
      const watch = await watchFastPath(stack.metrics);
      const remaining: number[] = [];
      for (let i = 0; i < ANONYMOUS_BUDGET; i++) {
        const hit = await caller.post({ query });
        expect(hit.status).toBe(200);
        remaining.push(remainingOf(hit));
      }
      await watch.expect({ hit: ANONYMOUS_BUDGET });
      expect(remaining).toEqual(
        Array.from({ length: ANONYMOUS_BUDGET }, (_, i) => ANONYMOUS_BUDGET - 1 - i),
      );

      const refusedWatch = await watchFastPath(stack.metrics);
      const refused = await caller.post({ query });
      await refusedWatch.expectNotServed();
      expect(refused.status).toBe(429);
      expect(codeOf(refused)).toBe('RATE_LIMITED');
      expect(jsonOf(refused).data).toBeUndefined();
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(WINDOW_S);
      expect(refused.headers.get('ratelimit')).toMatch(/^"anonymous";r=0;t=\d+$/);
    });
  });

  describe('CSRF', () => {
    it('refuses a warm GET without a CSRF header with the pipeline’s 403', async () => {
      const ip = freshIp();
      const fast = clientOf(stack, ip);
      const params = { documentId: PRODUCT_CARD, variables: { id: productForTest().id } };
      await fast.get(params);
      const hitWatch = await watchFastPath(stack.metrics);
      expect((await fast.get(params)).status).toBe(200);
      await hitWatch.expect({ hit: 1 });

      const watch = await watchFastPath(stack.metrics);
      const refused = await fast.get(params, {}, { csrf: false });
      await watch.expectNotServed();
      expect(refused.status).toBe(403);
      expect(jsonOf(refused).data).toBeUndefined();
      const full = await clientOf(reference, ip).get(params, {}, { csrf: false });
      expect(full.status).toBe(403);
      expect(refused.bytes).toBe(full.bytes);
      expect(refused.headers.get('cache-control')).toBe('private, no-store');
      expect(refused.headers.get('etag')).toBeNull();
    });
  });

  describe('invalidation', () => {
    const UPDATE = `mutation Rename($input: UpdateProductInput!) {
      updateProduct(input: $input) { __typename ... on UpdateProductPayload { product { name } } }
    }`;
    const single = (id: number) => `{ product(entityId: ${id}) { entityId name } }`;

    /** Records the answer to a POST and a persisted GET of `id`, and checks both are replayed. */
    async function warmBoth(id: number) {
      const fast = clientOf(stack, freshIp());
      const params = { documentId: PRODUCT_CARD, variables: { id } };
      const answers = { post: await fast.post({ query: single(id) }), get: await fast.get(params) };
      const watch = await watchFastPath(stack.metrics);
      expect((await fast.post({ query: single(id) })).bytes).toBe(answers.post.bytes);
      expect((await fast.get(params)).bytes).toBe(answers.get.bytes);
      await watch.expect({ hit: 2 });
      return answers;
    }

    /** After the change: neither request is replayed from before, and both show `name`. */
    async function expectRenamed(
      id: number,
      old: Awaited<ReturnType<typeof warmBoth>>,
      name: string,
    ) {
      const fast = clientOf(stack, freshIp());
      const watch = await watchFastPath(stack.metrics);
      const post = await fast.post({ query: single(id) });
      const get = await fast.get({ documentId: PRODUCT_CARD, variables: { id } });
      await watch.expect({ miss: 2 });
      expect(post.bytes).not.toBe(old.post.bytes);
      expect(get.bytes).not.toBe(old.get.bytes);
      expect(jsonOf(post).data).toEqual({ product: { entityId: id, name } });
      expect(jsonOf(get).data).toMatchObject({ product: { entityId: id, name } });
      expect(get.headers.get('etag')).toBe(strongEtagOf(get.bytes));
    }

    it('evicts the warm answers when the admin mutation renames the product', async () => {
      const product = productForTest();
      const old = await warmBoth(product.id);
      const name = `${product.name} (renamed by the back office)`;
      const internal = bearer(
        (await stack.app.keys.create({ name: 'back office', scopes: [], role: 'internal' })).key,
      );
      const renamed = await clientOf(stack, freshIp()).post(
        { query: UPDATE, variables: { input: { entityId: product.id, name } } },
        internal,
      );
      expect(jsonOf(renamed).data).toEqual({
        updateProduct: { __typename: 'UpdateProductPayload', product: { name } },
      });
      await expectRenamed(product.id, old, name);
    });

    it('evicts the warm answers when a webhook reports the product changed', async () => {
      const product = productForTest();
      const old = await warmBoth(product.id);
      const name = `${product.name} (renamed in the store)`;
      sandbox.store.updateProduct(product.id, { name });
      await stack.app.invalidator.entityChanged('product', product.id);
      await expectRenamed(product.id, old, name);
    });
  });

  describe('requests it does not handle', () => {
    it('passes a request with an Origin header to the full pipeline', async () => {
      const query = '{ products(first: 4) { edges { node { entityId name } } } }';
      const ip = freshIp();
      const fast = clientOf(stack, ip);
      const warm = await fast.post({ query });
      const origin = { origin: 'https://shop.example' };
      const watch = await watchFastPath(stack.metrics);
      const answer = await fast.post({ query }, origin);
      await watch.expect({ bypass: 1 });
      expect(answer.status).toBe(200);
      expect(answer.bytes).toBe(warm.bytes);
      const full = await clientOf(reference, ip).post({ query }, origin);
      expect(comparableHeaders(answer)).toEqual(comparableHeaders(full));
    });
  });
});

const redisUp = await sharedRedisAvailable();

describe.skipIf(!redisUp)('the warm fast path on two gateways sharing Redis', () => {
  let replicas: RedisReplicas;
  let shared: Sandbox;
  let a: Stack;
  let b: Stack;
  beforeAll(async () => {
    replicas = await startRedisReplicas('fp');
    ({ sandbox: shared, a, b } = replicas);
  });
  afterAll(() => replicas?.close());

  it('evicts the entries of every replica when one of them renames a product', async () => {
    const product = shared.store.products.find((p) => p.is_visible)!;
    const query = `{ product(entityId: ${product.id}) { entityId name } }`;
    for (const gateway of [a, b]) {
      const client = clientOf(gateway, freshIp());
      const first = await client.post({ query });
      const watch = await watchFastPath(gateway.metrics);
      expect((await client.post({ query })).bytes).toBe(first.bytes);
      await watch.expect({ hit: 1 });
    }
    const name = `${product.name} (renamed on a)`;
    const { key } = await a.app.keys.create({ name: 'back office', scopes: [], role: 'internal' });
    const renamed = await clientOf(a, freshIp()).post(
      {
        query: `mutation { updateProduct(input: { entityId: ${product.id}, name: ${JSON.stringify(name)} }) { __typename } }`,
      },
      bearer(key),
    );
    expect(jsonOf(renamed).data).toEqual({ updateProduct: { __typename: 'UpdateProductPayload' } });
    // The eviction reaches b over the invalidation bus; it may take a moment to arrive.
    await expect
      .poll(
        async () =>
          jsonOf(await clientOf(b, freshIp()).post({ query })).data as Record<string, unknown>,
        { timeout: 5_000 },
      )
      .toEqual({ product: { entityId: product.id, name } });
  });
});

/** Signs the sandbox's demo customer in, as an app does, and returns the access token. */
async function customerAccessToken(): Promise<string> {
  const answer = await clientOf(stack, freshIp()).post({
    query:
      'mutation L($input: LoginInput!) { login(input: $input) { ... on CustomerSession { accessToken } } }',
    variables: { input: DEMO_CUSTOMER_CREDENTIALS },
  });
  const token = (jsonOf(answer).data?.login as { accessToken?: string } | undefined)?.accessToken;
  if (!token) throw new Error(`login failed: ${answer.bytes}`);
  return token;
}
