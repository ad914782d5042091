import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import { type Stack, startStack } from '../helpers/stack.js';

const SHOP = 'https://shop.example';
const ADMIN = 'https://admin.example';
const INTROSPECTION = '{ __schema { queryType { name } } }';

let sandbox: Sandbox;
/** Production, with two browser origins allowed. */
let production: Stack;
/** Development, with no origin configured (the default). */
let development: Stack;
let internalKey: string;
let partnerKey: string;

const keysFile = () => join(mkdtempSync(join(tmpdir(), 'bcgw-browser-')), 'api-keys.json');
const baseOf = (stack: Stack) => stack.endpoint.replace(/\/graphql$/, '');
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

beforeAll(async () => {
  sandbox = await createSandbox({ products: 20 });
  production = await startStack({
    sandboxInstance: sandbox,
    env: { CORS_ORIGINS: `${SHOP},${ADMIN}`, API_KEYS_FILE: keysFile() },
  });
  development = await startStack({
    sandboxInstance: sandbox,
    env: { NODE_ENV: 'development', API_KEYS_FILE: keysFile() },
  });
  internalKey = (await production.app.keys.create({ name: 'ops', role: 'internal', scopes: [] }))
    .key;
  partnerKey = (await production.app.keys.create({ name: 'partner', scopes: ['catalog:read'] }))
    .key;
});
afterAll(async () => {
  await Promise.all([production?.close(), development?.close()]);
  await sandbox?.close();
});
beforeEach(() => sandbox.counters.reset());

function preflight(stack: Stack, origin: string) {
  return fetch(stack.endpoint, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, authorization',
    },
  });
}

describe('CORS', () => {
  it('allows a configured origin, preflight and request', async () => {
    const response = await preflight(production, SHOP);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();

    const { response: answer } = await production.query('{ __typename }', {}, { origin: ADMIN });
    expect(answer.headers.get('access-control-allow-origin')).toBe(ADMIN);
    expect(answer.headers.get('access-control-expose-headers')).toContain('RateLimit');
    expect(answer.headers.get('vary')).toMatch(/Origin/);
  });

  it('refuses an origin that is not configured', async () => {
    const response = await preflight(production, 'https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const { response: answer } = await production.query(
      '{ __typename }',
      {},
      { origin: 'https://evil.example' },
    );
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    // Told apart from an allowed origin's answer by any cache in between.
    expect(answer.headers.get('vary')).toMatch(/Origin/);
  });

  it('allows no origin at all by default', async () => {
    const response = await preflight(development, SHOP);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
  });
});

describe('CSRF prevention', () => {
  it('refuses a form POST and a plain-text POST, with no upstream call', async () => {
    const query = '{ product(entityId: 3) { name } }';
    const form = await fetch(production.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query }).toString(),
    });
    expect(form.status).toBe(403);
    const text = await fetch(production.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query }),
    });
    expect(text.status).toBe(403);
    expect(sandbox.counters.total()).toBe(0);
  });

  it('refuses a GET without a preflight-forcing header, and answers one with it', async () => {
    const url = `${production.endpoint}?query=${encodeURIComponent('{ product(entityId: 4) { name } }')}`;
    const bare = await fetch(url);
    expect(bare.status).toBe(403);
    expect(sandbox.counters.total()).toBe(0);

    const proofs: Record<string, string>[] = [
      { 'x-graphql-yoga-csrf': '1' },
      { 'apollo-require-preflight': 'true' },
      bearer(partnerKey),
    ];
    for (const headers of proofs) {
      const answer = await fetch(url, { headers });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({
        data: { product: { name: expect.any(String) } },
      });
    }
  });

  it('answers a JSON POST as every GraphQL client sends it', async () => {
    const { body, response } = await production.query('{ product(entityId: 5) { name } }');
    expect(response.status).toBe(200);
    expect(body.errors).toBeUndefined();
  });
});

describe('metrics and health', () => {
  it('serves /metrics on the metrics listener, on loopback', async () => {
    await production.query('{ product(entityId: 6) { name } }');
    const url = production.app.metricsUrl;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('bcgw_upstream_requests_total');
    expect((await fetch(`${url}/graphql`)).status).toBe(404);
  });

  it('answers /metrics on the public listener with 404, except to an internal key', async () => {
    const publicMetrics = `${baseOf(production)}/metrics`;
    expect((await fetch(publicMetrics)).status).toBe(404);
    expect((await fetch(publicMetrics, { headers: bearer(partnerKey) })).status).toBe(404);
    expect((await fetch(publicMetrics, { headers: bearer('bcgw_forged') })).status).toBe(404);
    const operator = await fetch(publicMetrics, { headers: { 'x-api-key': internalKey } });
    expect(operator.status).toBe(200);
    expect(await operator.text()).toContain('bcgw_http_request_duration_seconds');
  });

  it('keeps /healthz public and silent about internals', async () => {
    const response = await fetch(`${baseOf(production)}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('introspection and GraphiQL', () => {
  it('refuses introspection in production, with no upstream call, and keeps __typename', async () => {
    for (const query of [
      INTROSPECTION,
      '{ __type(name: "Product") { name } }',
      `{ products(first: 2) { edges { node { name } } } ${INTROSPECTION.slice(1, -1)} }`,
    ]) {
      for (const headers of [{}, bearer(partnerKey)]) {
        const { body } = await production.query(query, {}, headers);
        expect(body.data ?? undefined).toBeUndefined();
        expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['INTROSPECTION_DISABLED']);
      }
    }
    expect(sandbox.counters.total()).toBe(0);
    const { body } = await production.query('{ __typename }');
    expect(body).toEqual({ data: { __typename: 'Query' } });
  });

  it('lets an internal key introspect in production', async () => {
    const { body } = await production.query(INTROSPECTION, {}, bearer(internalKey));
    expect(body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('lets anyone introspect in development', async () => {
    const { body } = await development.query(INTROSPECTION);
    expect(body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('serves GraphiQL in production only to an internal key', async () => {
    const open = (stack: Stack, headers: Record<string, string> = {}) =>
      fetch(stack.endpoint, { headers: { accept: 'text/html', ...headers } }).then((r) => r.text());
    const graphiql = /<div id="graphiql"|YogaGraphiQL|graphiql/i;
    const offPage = /GraphiQL, the in-browser IDE, is off/;
    expect(await open(production)).toMatch(offPage);
    expect(await open(production, bearer(partnerKey))).toMatch(offPage);
    const operator = await open(production, bearer(internalKey));
    expect(operator).not.toMatch(offPage);
    expect(operator).toMatch(graphiql);
    expect(await open(development)).not.toMatch(offPage);
  });
});

describe('query limits', () => {
  it('refuses a 100,000-token query before parsing it through, with no upstream call', async () => {
    // Two bytes a token, so the body (~200 KB) stays under the 256 KiB body limit.
    const query = `{ ${'a '.repeat(100_000)}}`;
    const response = await fetch(production.endpoint, {
      method: 'POST',
      // A parse-time refusal is a 400 under the GraphQL-over-HTTP media type (200 under plain JSON).
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(response.status).toBe(400);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      measure: 'tokens',
    });
    expect(sandbox.counters.total()).toBe(0);
  });

  it('refuses a batch of operations', async () => {
    const response = await fetch(production.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { query: '{ product(entityId: 8) { name } }' },
        { query: '{ product(entityId: 9) { name } }' },
      ]),
    });
    expect(response.status).toBe(400);
    expect(sandbox.counters.total()).toBe(0);
  });
});
