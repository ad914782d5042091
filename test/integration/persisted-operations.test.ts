import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import { answeredWith } from '../helpers/metrics.js';
import { sharedRedisAvailable, sharedRedisUrl } from '../helpers/redis-server.js';
import { type GraphQLBody, type Stack, startStack } from '../helpers/stack.js';

const MANIFEST_FILE = fileURLToPath(
  new URL('../fixtures/persisted-documents.json', import.meta.url),
);
// Entries of the fixture manifest, one per key form (`sha256:<hex>` and bare hex).
const PRODUCT_CARD = 'sha256:f2000fdae925c945aa58a003730b5860f3f656d8485e2bb6e62564076eebd43f';
const BRAND_NAMES = '2886967839091fc93c52436b11366f41257d6b2b9697756485187dee75c364da';
const LOGIN_MUTATION = 'sha256:77021b24bde60c836be15c07713eab81fd1d6c0d238d77b41c926119443e15b4';
const PRODUCTS_ROUTE = 'GET /v3/catalog/products';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
/** A query text no earlier run registered (Redis outlives test runs). */
const freshQuery = (label: string) =>
  `query Apq${label}${randomBytes(4).toString('hex')} { products(first: 2) { edges { node { entityId name } } } }`;

interface Answer {
  status: number;
  headers: Headers;
  body: GraphQLBody<Record<string, unknown>>;
}

/** A client of one gateway speaking the persisted-operation forms over POST and GET. */
function clientOf(stack: Stack) {
  const answer = async (response: Response): Promise<Answer> => ({
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Answer['body'],
  });
  return {
    post: async (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      answer(
        await fetch(stack.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        }),
      ),
    /** GET with each parameter in the query string (objects as JSON), as GET clients send them. */
    getRaw: (params: Record<string, unknown>, headers: Record<string, string> = {}) => {
      const search = new URLSearchParams(
        Object.entries(params).map(([name, value]) => [
          name,
          typeof value === 'string' ? value : JSON.stringify(value),
        ]),
      );
      // A GET carries no content type, so it names itself with a CSRF header (`CSRF_HEADERS`).
      return fetch(`${stack.endpoint}?${search}`, {
        headers: { 'x-graphql-yoga-csrf': '1', ...headers },
      });
    },
    async get(params: Record<string, unknown>, headers: Record<string, string> = {}) {
      return answer(await this.getRaw(params, headers));
    },
  };
}

const codeOf = (answer: Answer) => answer.body.errors?.[0]?.extensions?.code;

describe('persisted operations', () => {
  let sandbox: Sandbox;
  let stack: Stack;
  let client: ReturnType<typeof clientOf>;
  /** Headers of a persisted-only partner key, and of a partner key allowed ad-hoc documents. */
  let persistedOnlyKey: Record<string, string>;
  let adHocKey: Record<string, string>;

  beforeAll(async () => {
    sandbox = await createSandbox({
      products: 30,
      storeHash: `po${randomBytes(6).toString('hex')}`,
    });
    stack = await startStack({
      sandboxInstance: sandbox,
      env: {
        PERSISTED_OPERATIONS_FILE: MANIFEST_FILE,
        API_KEYS_FILE: join(mkdtempSync(join(tmpdir(), 'bcgw-po-')), 'api-keys.json'),
      },
      deps: { redis: null },
    });
    client = clientOf(stack);
    const bearer = async (persistedOnly: boolean) => {
      const { key } = await stack.app.keys.create({
        name: persistedOnly ? 'mobile app' : 'partner',
        scopes: ['catalog:read'],
        persistedOnly,
      });
      return { authorization: `Bearer ${key}` };
    };
    persistedOnlyKey = await bearer(true);
    adHocKey = await bearer(false);
  });
  afterAll(async () => {
    await stack?.close();
    await sandbox?.close();
  });
  beforeEach(() => sandbox.counters.reset());

  describe('from the manifest', () => {
    it('runs an operation named by documentId in a POST body', async () => {
      const answer = await client.post({ documentId: PRODUCT_CARD, variables: { id: 4 } });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: { product: { entityId: 4, name: expect.any(String) } } });
    });

    it('runs an operation named by ?documentId= over GET, bare hex or sha256:', async () => {
      const brands = await client.get({ documentId: BRAND_NAMES, variables: { first: 2 } });
      expect(brands.status).toBe(200);
      expect(brands.body.errors).toBeUndefined();
      expect(brands.body.data).toMatchObject({ brands: { edges: expect.any(Array) } });
      const product = await client.get({ documentId: PRODUCT_CARD, variables: { id: 6 } });
      expect(product.body).toEqual({
        data: { product: { entityId: 6, name: expect.any(String) } },
      });
    });

    it('answers PERSISTED_QUERY_NOT_FOUND for an id that is not in it', async () => {
      const answer = await client.post({ documentId: `sha256:${sha256('{ nothing }')}` });
      expect(answer.status).toBe(404);
      expect(codeOf(answer)).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(sandbox.counters.total()).toBe(0);
    });

    it('refuses a mutation over GET, persisted or not, before running it', async () => {
      const persisted = await client.get({ documentId: LOGIN_MUTATION, variables: { input: {} } });
      expect(persisted.status).toBe(405);
      expect(persisted.headers.get('allow')).toBe('POST');
      const adHoc = await client.get({ query: 'mutation { login { __typename } }' });
      expect(adHoc.status).toBe(405);
      expect(sandbox.counters.total()).toBe(0);
    });
  });

  describe('automatic persisted queries', () => {
    it('asks for an unknown hash, registers it with its query, then answers by hash alone', async () => {
      const query = freshQuery('Flow');
      const hash = sha256(query);
      const unknown = await client.post({ extensions: apq(hash) });
      expect(unknown.status).toBe(404);
      expect(unknown.body.errors?.[0]).toMatchObject({
        message: 'PersistedQueryNotFound',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
      });

      const registered = await client.post({ query, extensions: apq(hash) });
      expect(registered.body.errors).toBeUndefined();
      expect(registered.body.data).toMatchObject({ products: { edges: expect.any(Array) } });

      const byHash = await client.post({ extensions: apq(hash) });
      expect(byHash.body).toEqual(registered.body);
      const byGet = await client.get({ extensions: apq(hash) });
      expect(byGet.body).toEqual(registered.body);
    });

    it('refuses a hash that is not the SHA-256 of the query sent with it, and keeps nothing', async () => {
      const query = freshQuery('Wrong');
      const wrongHash = sha256(`${query} `);
      const refused = await client.post({ query, extensions: apq(wrongHash) });
      expect(refused.status).toBe(400);
      expect(codeOf(refused)).toBe('BAD_USER_INPUT');
      expect(sandbox.counters.total()).toBe(0);
      expect(codeOf(await client.post({ extensions: apq(wrongHash) }))).toBe(
        'PERSISTED_QUERY_NOT_FOUND',
      );
    });
  });

  describe('automatic persisted queries, refused documents', () => {
    it('keeps no document that the query limits refused before it ran', async () => {
      // cost 100 + 250 × (5 + 100 + …): far over the budget, refused with 0 upstream calls.
      const query = `query TooCostly${randomBytes(4).toString('hex')} {
        products(first: 250) { edges { node { brand { products(first: 250) { edges { node { entityId } } } } } } }
      }`;
      const hash = sha256(query);
      const refused = await client.post({ query, extensions: apq(hash) });
      expect(codeOf(refused)).toBe('QUERY_TOO_COMPLEX');
      expect(sandbox.counters.total()).toBe(0);
      expect(codeOf(await client.post({ extensions: apq(hash) }))).toBe(
        'PERSISTED_QUERY_NOT_FOUND',
      );
    });
  });

  describe('a persisted-only key', () => {
    it('is refused an ad-hoc document with PERSISTED_QUERY_ONLY and no upstream call', async () => {
      const answer = await client.post(
        { query: '{ products(first: 3) { edges { node { entityId } } } }' },
        persistedOnlyKey,
      );
      expect(answer.status).toBe(403);
      expect(codeOf(answer)).toBe('PERSISTED_QUERY_ONLY');
      expect(answer.body.data).toBeUndefined();
      expect(sandbox.counters.total()).toBe(0);
      // The same document from a key allowed ad-hoc documents runs.
      const allowed = await client.post(
        { query: '{ products(first: 3) { edges { node { entityId } } } }' },
        adHocKey,
      );
      expect(allowed.body.errors).toBeUndefined();
      expect(sandbox.counters.get(PRODUCTS_ROUTE)).toBe(1);
    });

    it('cannot register a document, nor run one that others registered', async () => {
      const query = freshQuery('Only');
      const hash = sha256(query);
      const register = await client.post({ query, extensions: apq(hash) }, persistedOnlyKey);
      expect(codeOf(register)).toBe('PERSISTED_QUERY_ONLY');
      expect(codeOf(await client.post({ extensions: apq(hash) }))).toBe(
        'PERSISTED_QUERY_NOT_FOUND',
      );

      expect((await client.post({ query, extensions: apq(hash) })).body.errors).toBeUndefined();
      expect((await client.post({ extensions: apq(hash) })).body.errors).toBeUndefined();
      const byKey = await client.post({ extensions: apq(hash) }, persistedOnlyKey);
      expect(codeOf(byKey)).toBe('PERSISTED_QUERY_NOT_FOUND');
    });

    it('runs the operations of the manifest', async () => {
      const answer = await client.get(
        { documentId: PRODUCT_CARD, variables: { id: 5 } },
        persistedOnlyKey,
      );
      expect(answer.body).toEqual({ data: { product: { entityId: 5, name: expect.any(String) } } });
    });
  });

  describe('HTTP caching', () => {
    it('gives a public GET answer Cache-Control and a strong ETag; If-None-Match gets 304', async () => {
      const params = { documentId: PRODUCT_CARD, variables: { id: 8 } };
      const first = await client.getRaw(params);
      const body = await first.text();
      const etag = first.headers.get('etag');
      expect(first.status).toBe(200);
      // RESPONSE_CACHE_TTL_S (30) is below every entity TTL.
      expect(first.headers.get('cache-control')).toBe('public, max-age=30');
      expect(first.headers.get('vary')).toContain('Authorization, X-Api-Key');
      const digest = createHash('sha256').update(body).digest('base64url');
      expect(etag).toBe(`"${digest}"`);
      // A CDN would replay one caller's budget to everyone: a public answer carries none.
      expect(first.headers.get('ratelimit')).toBeNull();
      expect(first.headers.get('ratelimit-policy')).toBeNull();

      const before304 = await answeredWith(stack.metrics, 304);
      const revalidated = await client.getRaw(params, { 'if-none-match': etag! });
      expect(revalidated.status).toBe(304);
      // Metrics (and the access log) count the 304 that went out, not the 200 it replaced.
      await expect
        .poll(() => answeredWith(stack.metrics, 304), { timeout: 2_000 })
        .toBe(before304 + 1);
      expect(await revalidated.text()).toBe('');
      expect(revalidated.headers.get('etag')).toBe(etag);
      expect(revalidated.headers.get('cache-control')).toBe('public, max-age=30');

      const changed = await client.getRaw(params, { 'if-none-match': '"something-else"' });
      expect(changed.status).toBe(200);
      expect(await changed.text()).toBe(body);
    });

    it("keeps a key's GET answer, a POST answer and a refusal private", async () => {
      const params = { documentId: PRODUCT_CARD, variables: { id: 9 } };
      const keyed = await client.getRaw(params, adHocKey);
      expect(keyed.status).toBe(200);
      expect(keyed.headers.get('cache-control')).toBe('private, no-store');
      expect(keyed.headers.get('etag')).toBeNull();
      // A private answer keeps its caller's budget.
      expect(keyed.headers.get('ratelimit-policy')).not.toBeNull();

      const posted = await fetch(stack.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(params),
      });
      expect(posted.status).toBe(200);
      expect(posted.headers.get('cache-control')).toBe('private, no-store');
      expect(posted.headers.get('etag')).toBeNull();

      const missing = await client.getRaw({ extensions: apq(sha256('{ gone }')) });
      expect(missing.status).toBe(404);
      expect(missing.headers.get('cache-control')).toBe('private, no-store');
    });

    it('keeps a GET answer with errors private', async () => {
      const answer = await client.getRaw({ documentId: PRODUCT_CARD, variables: { id: -1 } });
      const body = (await answer.json()) as GraphQLBody<unknown>;
      expect(body.errors?.length).toBeGreaterThan(0);
      expect(answer.headers.get('cache-control')).toBe('private, no-store');
      expect(answer.headers.get('etag')).toBeNull();
    });
  });
});

describe('a GET answered from stale entities', () => {
  let time = Date.now();
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      sandbox: { products: 10 },
      env: {
        PERSISTED_OPERATIONS_FILE: MANIFEST_FILE,
        UPSTREAM_MAX_RETRIES: '0',
        CACHE_TTL_PRODUCT_S: '1',
        CACHE_STALE_WHILE_REVALIDATE_S: '0',
        CACHE_STALE_IF_ERROR_S: '3600',
        // No whole answers: the second GET must be built from the (then stale) entity.
        RESPONSE_CACHE_TTL_S: '0',
      },
      deps: { redis: null, now: () => time },
    });
  });
  afterAll(() => stack?.close());

  it('is private, though the same fresh answer was public', async () => {
    const client = clientOf(stack);
    const params = { documentId: PRODUCT_CARD, variables: { id: 3 } };
    const fresh = await client.get(params);
    expect(fresh.body.errors).toBeUndefined();
    // The response cache is off here: caches may keep the answer but must revalidate it.
    expect(fresh.headers.get('cache-control')).toBe('public, no-cache');
    expect(fresh.headers.get('etag')).not.toBeNull();

    time += 1_500;
    stack.sandbox.faults.inject({ kind: 'status', status: 503, times: 1_000 });
    const stale = await client.get(params);
    stack.sandbox.faults.clear();
    expect(stale.body.data).toEqual(fresh.body.data);
    expect(stale.body.extensions?.cache).toMatchObject({ stale: true });
    expect(stale.headers.get('cache-control')).toBe('private, no-store');
    expect(stale.headers.get('etag')).toBeNull();
  });
});

const redisUp = await sharedRedisAvailable();

describe.skipIf(!redisUp)('automatic persisted queries on two gateways sharing Redis', () => {
  let sandbox: Sandbox;
  let a: Stack;
  let b: Stack;
  beforeAll(async () => {
    // A store hash of its own keeps this run's registrations apart from other runs'.
    sandbox = await createSandbox({
      products: 10,
      storeHash: `pr${randomBytes(6).toString('hex')}`,
    });
    const env = { REDIS_URL: sharedRedisUrl };
    a = await startStack({ sandboxInstance: sandbox, env });
    b = await startStack({ sandboxInstance: sandbox, env });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await sandbox?.close();
  });

  it('answers on one gateway a hash registered on the other', async () => {
    const query = freshQuery('Shared');
    const hash = sha256(query);
    const onA = clientOf(a);
    const onB = clientOf(b);
    expect(codeOf(await onB.post({ extensions: apq(hash) }))).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await onA.post({ query, extensions: apq(hash) });
    expect(registered.body.errors).toBeUndefined();
    const answered = await onB.get({ extensions: apq(hash) });
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual(registered.body);
  });
});
