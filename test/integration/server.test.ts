import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.js';

let stack: Stack;
const base = () => stack.endpoint.replace(/\/graphql$/, '');

beforeAll(async () => {
  stack = await startStack({ sandbox: { products: 30 }, env: { UPSTREAM_MAX_RETRIES: '1' } });
});
afterAll(() => stack?.close());
beforeEach(() => {
  stack.sandbox.faults.clear();
  stack.sandbox.counters.reset();
});

describe('gateway server', () => {
  it('answers /healthz', async () => {
    const response = await fetch(`${base()}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('exposes Prometheus metrics for upstream calls and both cache layers', async () => {
    const query = '{ product(entityId: 7) { name brand { name } } }';
    await stack.query(query);
    await stack.query(query);
    // Served on the metrics listener, apart from the public one (browser-and-operator.test.ts).
    const text = await (await fetch(`${stack.app.metricsUrl}/metrics`)).text();
    const value = (series: string) =>
      Number(
        text
          .split('\n')
          .find((line) => line.startsWith(series))
          ?.split(' ')
          .pop() ?? 0,
      );
    expect(
      value('bcgw_upstream_requests_total{endpoint="GET /v3/catalog/products",status="200"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value('bcgw_cache_lookups_total{resource="product",outcome="miss"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(value('bcgw_response_cache_lookups_total{outcome="hit"}')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('bcgw_http_request_duration_seconds_bucket');
    expect(text).not.toContain(stack.sandbox.accessToken);
  });

  it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
    const given = await stack.query('{ __typename }', {}, { 'x-request-id': 'abc-123' });
    expect(given.response.headers.get('x-request-id')).toBe('abc-123');
    const made = await stack.query('{ __typename }', {}, { 'x-request-id': 'bad id\twith spaces' });
    expect(made.response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('turns an upstream 500 into UPSTREAM_ERROR without leaking the token, URL or body', async () => {
    stack.sandbox.faults.inject({
      kind: 'status',
      status: 500,
      body: { title: 'internal detail' },
      times: 'always',
    });
    const { body } = await stack.query('{ product(entityId: 1) { name } }');
    expect(body.data).toEqual({ product: null });
    expect(body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
    const text = JSON.stringify(body);
    expect(text).not.toContain(stack.sandbox.accessToken);
    expect(text).not.toContain('internal detail');
    expect(text).not.toContain('127.0.0.1');
    expect(text).not.toContain('include_fields');
  });

  it('retries a 503 and then reports UPSTREAM_UNAVAILABLE', async () => {
    stack.sandbox.faults.inject({ kind: 'status', status: 503, times: 'always' });
    const { body } = await stack.query('{ product(entityId: 2) { name } }');
    expect(body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(stack.sandbox.counters.get('GET /v3/catalog/products')).toBe(2);
  });

  it('waits out a 429 with a reset header and answers', async () => {
    stack.sandbox.faults.inject({ kind: 'rate-limit', resetMs: 200, times: 1 });
    const { body } = await stack.query('{ product(entityId: 3) { name } }');
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ product: { name: stack.sandbox.store.getProduct(3)!.name } });
    expect(stack.sandbox.counters.get('GET /v3/catalog/products')).toBe(2);
  });

  it('refuses a body over 256 KiB with 413 before parsing it', async () => {
    const huge = `{ ${'__typename '.repeat(30_000)}}`;
    const { body, response } = await stack.query(huge);
    expect(response.status).toBe(413);
    expect(body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a chunked body over 256 KiB as it arrives, and answers a small chunked one', async () => {
    const huge = await postChunked(`${stack.endpoint}`, [
      '{"query":"{ ',
      ...Array.from({ length: 40 }, () => '__typename '.repeat(1_000)),
      '}"}',
    ]);
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');

    const small = await postChunked(`${stack.endpoint}`, ['{"query":', '"{ __typename }"}'], {
      'x-request-id': 'chunked-1',
    });
    expect(small.status).toBe(200);
    expect(JSON.parse(small.body)).toEqual({ data: { __typename: 'Query' } });
    expect(small.headers['x-request-id']).toBe('chunked-1');
  });

  it('tells a browser that GraphiQL is off and how to turn it on', async () => {
    const response = await fetch(stack.endpoint, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain('GraphiQL');
    expect(page).toContain('NODE_ENV=development');
    // A GraphQL GET from a browser is still answered as GraphQL (with a CSRF header, as every GET).
    const get = await fetch(`${stack.endpoint}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: {
        accept: 'text/html, application/graphql-response+json',
        'x-graphql-yoga-csrf': '1',
      },
    });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses an over-deep query before any upstream call', async () => {
    const deep = `{ categoryTree ${'{ children '.repeat(14)}{ name }${' }'.repeat(14)} }`;
    const { body } = await stack.query(deep);
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(stack.sandbox.counters.total()).toBe(0);
  });
});

describe('graceful shutdown', () => {
  it('finishes an in-flight request, then refuses new connections', async () => {
    const own = await startStack({ sandbox: { products: 5 } });
    own.sandbox.faults.inject({ kind: 'latency', ms: 400, times: 1 });
    const inFlight = own.query('{ product(entityId: 1) { name } }');
    // Stop only once the request is inside the gateway, waiting on its (slow) upstream call.
    await vi.waitFor(() => expect(own.sandbox.counters.total()).toBe(1), { timeout: 5_000 });
    const stopped = own.app.stop();
    const { body } = await inFlight;
    expect(body.data).toEqual({ product: { name: own.sandbox.store.getProduct(1)!.name } });
    await stopped;
    await expect(own.query('{ __typename }')).rejects.toThrow();
    await own.sandbox.close();
  });
});

/** POSTs a JSON body with `Transfer-Encoding: chunked` (no Content-Length), chunk by chunk. */
function postChunked(
  url: string,
  chunks: string[],
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    // The server may answer 413 and close before the last chunk: that is the point.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}
