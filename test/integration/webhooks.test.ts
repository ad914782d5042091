import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/redis-server.js';
import { type Stack, startStack } from '../helpers/stack.js';
import { sendWebhook, webhookCounts, webhookUrl } from './webhooks-support.js';

// One gateway without Redis: the memory queue, memory dedupe.
let stack: Stack;
let url: string;
const send = (
  callback: Parameters<typeof sendWebhook>[2],
  options: Partial<Parameters<typeof sendWebhook>[3]> = {},
) =>
  sendWebhook(url, stack.sandbox.storeHash, callback, {
    secret: stack.sandbox.clientSecret,
    ...options,
  });
const productUpdated = (id: number) => ({
  scope: 'store/product/updated',
  data: { type: 'product', id },
});
const nameOf = async (id: number) =>
  (await stack.query<{ product: { name: string } }>(`{ product(entityId: ${id}) { name } }`)).body
    .data?.product.name;

beforeAll(async () => {
  stack = await startStack({ sandbox: { products: 30 } });
  url = webhookUrl(stack.endpoint);
});
afterAll(() => stack?.close());
beforeEach(() => stack.sandbox.faults.clear());

describe('webhook receiver (one gateway, no Redis)', () => {
  it('acknowledges a signed store/product/updated, then evicts it: the next query is fresh', async () => {
    const before = await nameOf(3);
    stack.sandbox.store.updateProduct(3, { name: 'Renamed by the store' });
    expect(await nameOf(3)).toBe(before); // cached: the gateway has not heard yet

    const counts = await webhookCounts(stack.metrics);
    const { status } = await send(productUpdated(3));
    expect(status).toBe(200);
    await waitFor(async () => (await webhookCounts(stack.metrics)).processed > counts.processed);
    expect(await nameOf(3)).toBe('Renamed by the store');
    expect((await webhookCounts(stack.metrics)).published).toBe(counts.published + 1);
  });

  it('processes and publishes a redelivery (same webhook-id) once', async () => {
    const counts = await webhookCounts(stack.metrics);
    const first = await send(productUpdated(4));
    const again = await send(productUpdated(4), { id: first.id });
    expect([first.status, again.status]).toEqual([200, 200]);
    await waitFor(async () => (await webhookCounts(stack.metrics)).processed > counts.processed);
    // A later, distinct event proves the queue moved past where a second copy would sit.
    await send(productUpdated(5));
    await waitFor(
      async () => (await webhookCounts(stack.metrics)).processed >= counts.processed + 2,
    );
    const after = await webhookCounts(stack.metrics);
    expect(after.received - counts.received).toBe(2);
    expect(after.duplicate - counts.duplicate).toBe(1);
    expect(after.published - counts.published).toBe(2);
  });

  it('refuses tampered, stale, future, foreign and unsigned callbacks with 401, doing nothing', async () => {
    const counts = await webhookCounts(stack.metrics);
    const tampered = await send(productUpdated(6), {
      tamper: (raw) => raw.replace('"id":6', '"id":7'),
    });
    const stale = await send(productUpdated(6), { at: Date.now() - 301_000 });
    const future = await send(productUpdated(6), { at: Date.now() + 301_000 });
    const foreign = await send({ ...productUpdated(6), producer: 'stores/another' });
    const otherSecret = await send(productUpdated(6), { secret: 'not-the-secret' });
    const unsigned = await fetch(url, { method: 'POST', body: '{}' });
    expect([tampered, stale, future, foreign, otherSecret].map((r) => r.status)).toEqual([
      401, 401, 401, 401, 401,
    ]);
    expect(unsigned.status).toBe(401);
    const after = await webhookCounts(stack.metrics);
    expect(after.refused - counts.refused).toBe(6);
    expect(after.received).toBe(counts.received);
    // Nothing was queued: no lag, nothing processed.
    expect(after.processed).toBe(counts.processed);
  });

  it('acknowledges in under 100 ms while the upstream fetch is slow, and processes later', async () => {
    stack.sandbox.faults.inject({ kind: 'latency', ms: 1_500, route: 'GET /v3/catalog/products' });
    const counts = await webhookCounts(stack.metrics);
    const { status, ms } = await send(productUpdated(8));
    expect(status).toBe(200);
    expect(ms).toBeLessThan(100);
    await waitFor(async () => (await webhookCounts(stack.metrics)).processed > counts.processed, {
      timeoutMs: 5_000,
    });
    expect(stack.sandbox.faults.pending()).toBe(0);
  });

  it('answers 405 to other methods and 400 to signed bodies it cannot read', async () => {
    expect((await fetch(url)).status).toBe(405);
    const bad = await send({ scope: 'store/product/updated', data: { type: 'product' } });
    expect(bad.status).toBe(400);
  });

  it('retries a failing fetch, then processes', async () => {
    stack.sandbox.faults.inject({
      kind: 'status',
      status: 500,
      route: 'GET /v3/catalog/products',
      times: 1,
    });
    const counts = await webhookCounts(stack.metrics);
    await send(productUpdated(9));
    await waitFor(async () => (await webhookCounts(stack.metrics)).processed > counts.processed, {
      timeoutMs: 5_000,
    });
    const after = await webhookCounts(stack.metrics);
    expect(after.retried - counts.retried).toBe(1);
    expect(after.published - counts.published).toBe(1);
    expect(after.deadLettered).toBe(counts.deadLettered);
  });

  it('dead-letters an event that keeps failing, and goes on with the next', async () => {
    stack.sandbox.faults.inject({
      kind: 'status',
      status: 500,
      route: 'GET /v3/catalog/products',
      times: 3,
    });
    const counts = await webhookCounts(stack.metrics);
    await send(productUpdated(10));
    await send(productUpdated(11));
    await waitFor(async () => (await webhookCounts(stack.metrics)).processed > counts.processed, {
      timeoutMs: 5_000,
    });
    const after = await webhookCounts(stack.metrics);
    expect(after.deadLettered - counts.deadLettered).toBe(1);
    expect(after.published - counts.published).toBe(1);
  });
});
