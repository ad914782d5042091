import { Writable } from 'node:stream';
import type { GraphQLError } from 'graphql';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { UpstreamInputError, UpstreamResponseError } from '../../../src/datasources/errors.js';
import { HttpClient, type HttpClientOptions } from '../../../src/datasources/http-client.js';
import type { QuotaGovernor } from '../../../src/datasources/quota.js';
import { bcProductSchema } from '../../../src/datasources/schemas/catalog.js';
import { lenientArray } from '../../../src/datasources/schemas/lenient.js';
import { maskError } from '../../../src/errors.js';
import { createLogger } from '../../../src/logger.js';

const ORIGIN = 'https://api.test';
const TOKEN = 'secret-token-123';
const PREFIX = '/stores/abc123';
const item = z.looseObject({ id: z.number() });
const json = { headers: { 'content-type': 'application/json' } };
const envelope = (data: unknown) => ({
  data,
  meta: {
    pagination: { total: 1, count: 1, per_page: 50, current_page: 1, total_pages: 1, links: {} },
  },
});

let agent: MockAgent;
let client: HttpClient;

/** A real pino logger whose lines the test reads back. */
function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

function createClient(overrides: Partial<HttpClientOptions> = {}) {
  return new HttpClient({
    baseUrl: ORIGIN,
    storeHash: 'abc123',
    accessToken: TOKEN,
    connectTimeoutMs: 1_000,
    headersTimeoutMs: 1_000,
    bodyTimeoutMs: 1_000,
    connections: 2,
    maxRetries: 2,
    maxRateLimitWaitMs: 500,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 5,
    dispatcher: agent,
    ...overrides,
  });
}

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  client = createClient();
});

afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

const pool = () => agent.get(ORIGIN);

describe('HttpClient requests', () => {
  it('sends auth, accept, content-type and request id headers and joins query arrays', async () => {
    pool()
      .intercept({
        path: `${PREFIX}/v3/catalog/products?id:in=1,2,3&limit=250&is_visible=true`,
        headers: {
          'x-auth-token': TOKEN,
          accept: 'application/json',
          'content-type': 'application/json',
          'x-request-id': 'req-1',
        },
      })
      .reply(200, envelope([{ id: 1 }]), json);
    const page = await client.listV3(
      {
        path: '/v3/catalog/products',
        query: { 'id:in': [1, 2, 3], limit: 250, is_visible: true, keyword: undefined, x: null },
        requestId: 'req-1',
      },
      item,
    );
    expect(page.data).toEqual([{ id: 1 }]);
    expect(page.pagination.total_pages).toBe(1);
  });

  it('returns the data of a single v3 envelope', async () => {
    pool()
      .intercept({ path: `${PREFIX}/v3/catalog/brands/7` })
      .reply(200, { data: { id: 7 } }, json);
    await expect(client.getV3({ path: '/v3/catalog/brands/7' }, item)).resolves.toEqual({ id: 7 });
  });

  it('reads one item schema in a list and in a single envelope alike (in either order)', async () => {
    const shared = z.object({ id: z.number() });
    pool()
      .intercept({ path: `${PREFIX}/v3/hooks` })
      .reply(200, envelope([{ id: 3 }]), json);
    pool()
      .intercept({ path: `${PREFIX}/v3/hooks/3` })
      .reply(200, { data: { id: 3 } }, json);
    expect((await client.listV3({ path: '/v3/hooks' }, shared)).data).toEqual([{ id: 3 }]);
    await expect(client.getV3({ path: '/v3/hooks/3' }, shared)).resolves.toEqual({ id: 3 });
  });

  it('reads a v2 204 No Content as an empty list', async () => {
    pool()
      .intercept({ path: `${PREFIX}/v2/orders?customer_id=5` })
      .reply(204, '');
    await expect(
      client.listV2({ path: '/v2/orders', query: { customer_id: 5 } }, item),
    ).resolves.toEqual([]);
  });

  it('sends a JSON body with sendV3', async () => {
    pool()
      .intercept({ path: `${PREFIX}/v3/carts`, method: 'POST', body: '{"line_items":[]}' })
      .reply(201, { data: { id: 1 } }, json);
    await expect(
      client.sendV3({ path: '/v3/carts', body: { line_items: [] } }, item),
    ).resolves.toEqual({ id: 1 });
  });
});

describe('HttpClient error mapping', () => {
  it('maps 404 to NOT_FOUND', async () => {
    pool()
      .intercept({ path: `${PREFIX}/v3/catalog/products/9` })
      .reply(404, { status: 404 }, json);
    await expect(client.getV3({ path: '/v3/catalog/products/9' }, item)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      status: 404,
    });
  });

  it('maps a refused write to BAD_USER_INPUT in our words, keeping the field errors for the write', async () => {
    const { logger, lines } = captureLogs();
    client = createClient({ logger });
    const body = {
      status: 422,
      title: 'Brand name taken',
      type: 'x',
      errors: { name: 'is taken' },
    };
    pool()
      .intercept({ path: `${PREFIX}/v3/catalog/brands`, method: 'POST' })
      .reply(422, body, json);
    const error = await client
      .sendV3({ path: '/v3/catalog/brands', body: {} }, item)
      .catch((e) => e);
    expect(error).toBeInstanceOf(UpstreamInputError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', fields: { name: 'is taken' } });
    expect(error.message).toBe('POST /v3/catalog/brands refused the input (422)');
    // Clients see our message and the code; field errors reach them only as typed user errors.
    const masked = maskError(error, 'Unexpected error.') as GraphQLError;
    expect(masked.message).toBe(error.message);
    expect(masked.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'upstream refused the input',
        upstreamTitle: 'Brand name taken',
        upstreamErrors: { name: 'is taken' },
      }),
    ]);
  });

  it.each([400, 422])(
    'maps a refused read (%i) to UPSTREAM_ERROR, our bug: upstream words only in an error log line',
    async (status) => {
      const { logger, lines } = captureLogs();
      client = createClient({ logger });
      const body = {
        status,
        title: 'Bad include_fields',
        type: 'x',
        errors: { include_fields: 'id' },
      };
      pool()
        .intercept({ path: `${PREFIX}/v3/catalog/products?include_fields=id` })
        .reply(status, body, json);
      const error = await client
        .listV3(
          { path: '/v3/catalog/products', query: { include_fields: ['id'] }, requestId: 'r9' },
          item,
        )
        .catch((e) => e);
      expect(error).toBeInstanceOf(UpstreamResponseError);
      expect(error).toMatchObject({ code: 'UPSTREAM_ERROR', status });
      expect(error).not.toHaveProperty('fields');
      expect(error.message).toBe(
        `GET /v3/catalog/products refused a request the gateway built (${status})`,
      );
      expect(lines).toEqual([
        expect.objectContaining({
          level: 50,
          requestId: 'r9',
          endpoint: 'GET /v3/catalog/products',
          status,
          upstreamTitle: 'Bad include_fields',
          upstreamErrors: { include_fields: 'id' },
        }),
      ]);
    },
  );

  it('never puts the token, the query or the upstream body in messages', async () => {
    pool()
      .intercept({ path: `${PREFIX}/v3/customers?email:in=a@b.c` })
      .reply(403, { title: 'leaked-upstream-body' }, json);
    const error: Error = await client
      .listV3({ path: '/v3/customers', query: { 'email:in': ['a@b.c'] } }, item)
      .then(
        () => new Error('expected a rejection'),
        (e: Error) => e,
      );
    expect(error).toMatchObject({ code: 'UPSTREAM_ERROR', status: 403 });
    expect(error.message).toContain('GET /v3/customers');
    for (const secret of [TOKEN, 'a@b.c', 'email', 'leaked-upstream-body']) {
      expect(error.message).not.toContain(secret);
    }
  });

  it('names the endpoint template when a body fails its schema', async () => {
    pool()
      .intercept({ path: `${PREFIX}/v3/catalog/products/12` })
      .reply(200, { data: { id: 'x' } }, json);
    const error = await client.getV3({ path: '/v3/catalog/products/12' }, item).catch((e) => e);
    expect(error).toMatchObject({ code: 'UPSTREAM_ERROR' });
    expect(error.message).toContain('GET /v3/catalog/products/{id}');
  });
});

describe('HttpClient resilience', () => {
  it('waits out a 429 with a reset header, then retries', async () => {
    pool()
      .intercept({ path: `${PREFIX}/v3/catalog/brands/1` })
      .reply(429, '', { headers: { 'x-rate-limit-time-reset-ms': '20' } });
    pool()
      .intercept({ path: `${PREFIX}/v3/catalog/brands/1` })
      .reply(200, { data: { id: 1 } }, json);
    await expect(client.getV3({ path: '/v3/catalog/brands/1' }, item)).resolves.toEqual({ id: 1 });
  });

  it('throws UPSTREAM_RATE_LIMITED when the reset is beyond the cap', async () => {
    pool()
      .intercept({ path: `${PREFIX}/v3/catalog/brands/1` })
      .reply(429, '', { headers: { 'x-rate-limit-time-reset-ms': '60000' } });
    await expect(client.getV3({ path: '/v3/catalog/brands/1' }, item)).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      retryAfterMs: 60_000,
    });
  });

  it('backs off on a 429 without headers (shedding) and gives up after maxRetries', async () => {
    pool()
      .intercept({ path: `${PREFIX}/v3/catalog/brands/1` })
      .reply(429, '')
      .times(3);
    await expect(client.getV3({ path: '/v3/catalog/brands/1' }, item)).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
    });
  });

  it('retries a 503 maxRetries times, then surfaces UPSTREAM_UNAVAILABLE', async () => {
    let attempts = 0;
    pool()
      .intercept({ path: `${PREFIX}/v3/catalog/brands/1` })
      .reply(() => {
        attempts++;
        return { statusCode: 503, data: '' };
      })
      .times(3);
    await expect(client.getV3({ path: '/v3/catalog/brands/1' }, item)).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      status: 503,
    });
    expect(attempts).toBe(3);
  });

  it('recovers when a retried 502 is followed by a 200', async () => {
    pool()
      .intercept({ path: `${PREFIX}/v3/catalog/brands/1` })
      .reply(502, '');
    pool()
      .intercept({ path: `${PREFIX}/v3/catalog/brands/1` })
      .reply(200, { data: { id: 1 } }, json);
    await expect(client.getV3({ path: '/v3/catalog/brands/1' }, item)).resolves.toEqual({ id: 1 });
  });

  it('does not repeat a POST answered 503', async () => {
    // A second interceptor would satisfy a retry; it must stay pending.
    pool()
      .intercept({ path: `${PREFIX}/v3/carts`, method: 'POST' })
      .reply(503, '')
      .times(2);
    await expect(client.sendV3({ path: '/v3/carts', body: {} }, item)).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      status: 503,
    });
    expect(agent.pendingInterceptors()).toHaveLength(1);
    await client.sendRaw({ method: 'POST', path: '/v3/carts' }).catch(() => undefined);
  });

  it('acquires from the governor before each attempt and feeds it parsed headers', async () => {
    const governor: QuotaGovernor = { acquire: vi.fn(async () => {}), observe: vi.fn() };
    client = createClient({ governor });
    pool()
      .intercept({ path: `${PREFIX}/v3/catalog/brands/1` })
      .reply(429, '', { headers: { 'x-rate-limit-time-reset-ms': '5' } });
    pool()
      .intercept({ path: `${PREFIX}/v3/catalog/brands/1` })
      .reply(
        200,
        { data: { id: 1 } },
        {
          headers: {
            'content-type': 'application/json',
            'x-rate-limit-time-window-ms': '30000',
            'x-rate-limit-time-reset-ms': '1500',
            'x-rate-limit-requests-quota': '150',
            'x-rate-limit-requests-left': '149',
          },
        },
      );
    await client.getV3({ path: '/v3/catalog/brands/1', priority: 'partner' }, item);
    expect(governor.acquire).toHaveBeenCalledTimes(2);
    expect(governor.acquire).toHaveBeenCalledWith(
      expect.objectContaining({ priority: 'partner', maxWaitMs: 500 }),
    );
    expect(governor.observe).toHaveBeenNthCalledWith(
      1,
      { windowMs: undefined, resetMs: 5, quota: undefined, left: undefined },
      429,
    );
    expect(governor.observe).toHaveBeenNthCalledWith(
      2,
      { windowMs: 30_000, resetMs: 1_500, quota: 150, left: 149 },
      200,
    );
  });
});

describe('HttpClient list parsing', () => {
  const product = z.looseObject({
    id: z.number(),
    images: lenientArray(z.looseObject({ id: z.number(), url: z.string() }), 'images').optional(),
  });

  it('drops a malformed item, keeps the rest, and logs it once without the body', async () => {
    const { logger, lines } = captureLogs();
    client = createClient({ logger });
    const data = [{ id: 1 }, { name: 'secret-name-without-id' }, { id: 'three' }, { id: 4 }];
    pool()
      .intercept({ path: `${PREFIX}/v3/catalog/products` })
      .reply(200, envelope(data), json);
    const page = await client.listV3({ path: '/v3/catalog/products', requestId: 'r2' }, product);
    expect(page.data.map((p) => p.id)).toEqual([1, 4]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      requestId: 'r2',
      endpoint: 'GET /v3/catalog/products',
      dropped: [
        { in: 'data', issues: ['id: invalid_type'] },
        { in: 'data', id: 'three', issues: ['id: invalid_type'] },
      ],
    });
    expect(JSON.stringify(lines)).not.toContain('secret-name');
  });

  it('drops a malformed nested item and keeps its product', async () => {
    const { logger, lines } = captureLogs();
    client = createClient({ logger });
    const images = [{ id: 7, url: 'a' }, { url: 'no-id' }, { id: 9, url: 'c' }];
    pool()
      .intercept({ path: `${PREFIX}/v3/catalog/products` })
      .reply(200, envelope([{ id: 1, images }]), json);
    const page = await client.listV3({ path: '/v3/catalog/products' }, product);
    expect(page.data).toEqual([{ id: 1, images: [images[0], images[2]] }]);
    expect(lines.map((l) => l.dropped)).toEqual([[{ in: 'images', issues: ['id: invalid_type'] }]]);
  });

  it('nulls a malformed primary image and drops a malformed option value of a real product', async () => {
    const { logger, lines } = captureLogs();
    client = createClient({ logger });
    const variant = {
      id: 5,
      option_values: [
        { id: 1, option_id: 2 },
        { id: 'x', option_id: 2 },
      ],
    };
    const data = [{ id: 1, primary_image: { url_standard: 'no-id' }, variants: [variant] }];
    pool()
      .intercept({ path: `${PREFIX}/v3/catalog/products` })
      .reply(200, envelope(data), json);
    const page = await client.listV3({ path: '/v3/catalog/products' }, bcProductSchema);
    expect(page.data[0]).toMatchObject({
      id: 1,
      primary_image: null,
      variants: [{ id: 5, option_values: [{ id: 1, option_id: 2 }] }],
    });
    expect(lines.map((l) => l.dropped)).toEqual([
      [
        { in: 'option_values', id: 'x', issues: ['id: invalid_type'] },
        { in: 'primary_image', issues: ['id: invalid_type'] },
      ],
    ]);
  });

  it('needs none of the pagination counters the spec leaves optional', async () => {
    pool()
      .intercept({ path: `${PREFIX}/v3/catalog/brands?page=2&limit=2` })
      .reply(
        200,
        { data: [{ id: 3 }, { id: 4 }], meta: { pagination: { links: { next: '?page=3' } } } },
        json,
      );
    const page = await client.listV3(
      { path: '/v3/catalog/brands', query: { page: 2, limit: 2 } },
      item,
    );
    expect(page.pagination).toEqual({
      total: 6,
      count: 2,
      per_page: 2,
      current_page: 2,
      total_pages: 3,
    });
  });
});
