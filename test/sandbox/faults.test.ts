import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../unit/quota/fake-clock.js';
import { startSandbox } from './helpers.js';

type Started = Awaited<ReturnType<typeof startSandbox>>;
let s: Started;
const LIST = 'GET /v3/catalog/products';

beforeEach(async () => {
  s = await startSandbox({ products: 20, quota: { requests: 1_000, windowMs: 60_000 } });
});
afterEach(() => s.sandbox.close());

describe('quota', () => {
  it('counts down X-Rate-Limit-Requests-Left, then answers 429 with the headers', async () => {
    s.sandbox.setQuota({ requests: 2, windowMs: 60_000 });
    const first = await s.get('/v3/catalog/products/1');
    expect(first.headers.get('x-rate-limit-requests-left')).toBe('1');
    expect(first.headers.get('x-rate-limit-time-window-ms')).toBe('60000');
    await s.get('/v3/catalog/products/1');
    const refused = await s.get('/v3/catalog/products/1');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ status: 429 });
    expect(refused.headers.get('x-rate-limit-requests-quota')).toBe('2');
    expect(refused.headers.get('x-rate-limit-requests-left')).toBe('0');
    const reset = Number(refused.headers.get('x-rate-limit-time-reset-ms'));
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(60_000);
  });

  it('opens a new window once the old one ends, not before', async () => {
    const clock = createFakeClock();
    const timed = await startSandbox({ products: 5, clock, quota: { requests: 1, windowMs: 50 } });
    try {
      expect((await timed.get('/v3/catalog/products/1')).status).toBe(200);
      await clock.advance(49);
      expect((await timed.get('/v3/catalog/products/1')).status).toBe(429);
      await clock.advance(1);
      expect((await timed.get('/v3/catalog/products/1')).status).toBe(200);
    } finally {
      await timed.sandbox.close();
    }
  });
});

describe('faults', () => {
  it('answers an injected status once, then normally; both requests count', async () => {
    s.sandbox.faults.inject({ route: LIST, kind: 'status', status: 503 });
    const failed = await s.get('/v3/catalog/products');
    expect(failed.status).toBe(503);
    expect(failed.headers.get('x-rate-limit-requests-quota')).toBe('1000');
    expect((await s.get('/v3/catalog/products')).status).toBe(200);
    expect(s.sandbox.counters.get(LIST)).toBe(2);
  });

  it('matches a RegExp on the path and honours times', async () => {
    s.sandbox.faults.inject({ route: /\/products\/2$/, kind: 'status', status: 500, times: 2 });
    expect((await s.get('/v3/catalog/products/1')).status).toBe(200);
    expect((await s.get('/v3/catalog/products/2')).status).toBe(500);
    expect((await s.get('/v3/catalog/products/2')).status).toBe(500);
    expect((await s.get('/v3/catalog/products/2')).status).toBe(200);
  });

  it('sends a 429 with headers for rate-limit and without for rate-limit-bare', async () => {
    s.sandbox.faults.inject({ kind: 'rate-limit', resetMs: 1234 });
    const limited = await s.get('/v3/catalog/products');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-rate-limit-time-reset-ms')).toBe('1234');
    expect(limited.headers.get('x-rate-limit-requests-left')).toBe('0');
    s.sandbox.faults.inject({ kind: 'rate-limit-bare' });
    const shed = await s.get('/v3/catalog/products');
    expect(shed.status).toBe(429);
    expect(shed.headers.get('x-rate-limit-time-reset-ms')).toBeNull();
    expect(shed.headers.get('x-rate-limit-requests-left')).toBeNull();
  });

  it('delays an answer with latency until the clock passes it', async () => {
    const clock = createFakeClock();
    const timed = await startSandbox({ products: 5, clock });
    try {
      timed.sandbox.faults.inject({ kind: 'latency', ms: 150 });
      let answered = false;
      const pending = timed.get('/v3/catalog/products/1').finally(() => {
        answered = true;
      });
      await timed.sandbox.counters.whenTotal(1);
      expect(clock.sleeps).toEqual([150]);
      await clock.advance(149);
      expect(answered).toBe(false);
      await clock.advance(1);
      expect((await pending).status).toBe(200);
    } finally {
      await timed.sandbox.close();
    }
  });

  it('answers a crafted 200 body, and 4xx refusals with their own body', async () => {
    s.sandbox.faults.inject({ route: LIST, kind: 'body', body: { data: [{ name: 'no id' }] } });
    expect(await s.get('/v3/catalog/products')).toMatchObject({
      status: 200,
      body: { data: [{ name: 'no id' }] },
    });
    const refusal = { status: 422, title: 'Nope', type: 'about:blank', errors: { limit: 'bad' } };
    s.sandbox.faults.inject({ route: LIST, kind: 'status', status: 422, body: refusal });
    expect(await s.get('/v3/catalog/products')).toMatchObject({ status: 422, body: refusal });
  });

  it('drops the socket without an answer', async () => {
    s.sandbox.faults.inject({ kind: 'drop' });
    await expect(s.get('/v3/catalog/products')).rejects.toThrow();
    expect(s.sandbox.counters.total()).toBe(1);
  });

  it('hangs until close, and close ends the hung request', async () => {
    s.sandbox.faults.inject({ kind: 'hang' });
    const pending = s.get('/v3/catalog/products');
    const outcome = pending.then(
      () => 'answered',
      () => 'failed',
    );
    await s.sandbox.counters.whenTotal(1);
    await s.sandbox.close();
    expect(await outcome).toBe('failed');
  });
});

describe('counters and control routes', () => {
  it('labels routes with {id} and keeps recent paths with their query', async () => {
    await s.get('/v3/catalog/products/3/variants?limit=5');
    await s.get('/v3/catalog/products/4/variants');
    await s.get('/v3/catalog/products?id:in=1,2');
    expect(s.sandbox.counters.get('GET /v3/catalog/products/{id}/variants')).toBe(2);
    expect(s.sandbox.counters.total()).toBe(3);
    expect(s.sandbox.counters.recent(1)).toEqual([
      '/stores/sandbox1/v3/catalog/products?id:in=1,2',
    ]);
    s.sandbox.counters.reset();
    expect(s.sandbox.counters.snapshot()).toEqual({});
  });

  it('injects faults, reads counters, sets the quota and resets over HTTP', async () => {
    const control = (method: string, path: string, body?: unknown) =>
      fetch(`${s.sandbox.url}/__sandbox/${path}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const injected = await control('POST', 'faults', { route: LIST, kind: 'status', status: 502 });
    expect(injected.status).toBe(201);
    expect((await s.get('/v3/catalog/products')).status).toBe(502);
    const counters = (await (await control('GET', 'counters')).json()) as {
      total: number;
      routes: Record<string, number>;
    };
    expect(counters).toMatchObject({ total: 1, routes: { [LIST]: 1 } });
    await control('POST', 'faults', { pathPattern: 'products$', kind: 'status', status: 500 });
    expect((await control('DELETE', 'faults')).status).toBe(200);
    expect((await s.get('/v3/catalog/products')).status).toBe(200);
    expect((await control('PUT', 'quota', { requests: 1, windowMs: 60_000 })).status).toBe(200);
    expect((await s.get('/v3/catalog/products/1')).status).toBe(200);
    expect((await s.get('/v3/catalog/products/1')).status).toBe(429);
    expect((await control('POST', 'reset')).status).toBe(200);
    expect(s.sandbox.counters.total()).toBe(0);
    expect((await s.get('/v3/catalog/products/1')).status).toBe(200);
    expect((await control('POST', 'faults', { kind: 'explode' })).status).toBe(400);
  });
});
