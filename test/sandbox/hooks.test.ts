import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { Ajv } from 'ajv';
import type { FormatsPlugin } from 'ajv-formats';
import { type Document, OpenAPIBackend } from 'openapi-backend';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Sandbox } from '../../sandbox/server.js';
import { type Answer, startSandbox } from './helpers.js';

// ajv-formats is CommonJS with only a default export: require() gets the plugin in every loader.
const addFormats = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin;
const FIXTURES = new URL('../fixtures/bigcommerce/', import.meta.url);
const readFixture = (file: string) => readFileSync(new URL(file, FIXTURES), 'utf8');
const example = (scope: string) =>
  JSON.parse(readFixture(`webhooks/data/${scope.replaceAll('/', '_')}.json`)) as {
    data: Record<string, unknown>;
  } & Record<string, unknown>;

const SECRET = 'hooks-test-client-secret';
const base64Secret = Buffer.from(SECRET).toString('base64');

/** One callback as the receiver saw it: raw body (what the signature covers) and headers. */
interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
}

/** A real callback destination on loopback: answers each request with the next queued status. */
async function startReceiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  const waiters = new Set<() => void>();
  let holding: ServerResponse[] | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
      for (const wake of waiters) wake();
      if (holding) holding.push(res);
      else res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    /** The statuses of the next answers, in order; 200 once they run out. */
    answer: (...next: number[]) => statuses.push(...next),
    /** Holds every answer until `release()`. */
    hold: () => {
      holding = [];
    },
    release: () => {
      for (const res of holding ?? []) res.writeHead(200).end();
      holding = undefined;
    },
    whenReceived: (count: number) =>
      new Promise<void>((resolve) => {
        const wake = () => {
          if (received.length < count) return;
          waiters.delete(wake);
          resolve();
        };
        waiters.add(wake);
        wake();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const signatureHeaders = (r: Received) => ({
  'webhook-id': String(r.headers['webhook-id']),
  'webhook-timestamp': String(r.headers['webhook-timestamp']),
  'webhook-signature': String(r.headers['webhook-signature']),
});

type Started = Awaited<ReturnType<typeof startSandbox>>;
let s: Started;
let spec: OpenAPIBackend;
let ajv: Ajv;
const receivers: Receiver[] = [];

async function receiver(): Promise<Receiver> {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}

async function send<T = { data: Record<string, unknown> }>(
  method: string,
  path: string,
  body?: unknown,
  started: Started = s,
): Promise<Answer<T>> {
  const res = await fetch(`${started.sandbox.url}/stores/${started.sandbox.storeHash}${path}`, {
    method,
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'X-Auth-Token': started.sandbox.accessToken,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

/** Problems of an answer against the operation's response schema for its status. */
function conformance(answer: Answer, operationId: string): string[] {
  const result = spec.validator.validateResponse(answer.body, operationId, answer.status);
  return (result.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Problems of a callback body against the spec's schema of its scope (`store_product_updated`). */
function callbackConformance(body: unknown, scope: string): string[] {
  const name = scope.replaceAll('/', '_');
  const validate = ajv.getSchema(`webhooks#/components/schemas/${name}`);
  if (!validate) throw new Error(`webhooks.v3.yml has no schema ${name}`);
  validate(body);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** The same keys, and the same JSON types, as the example payload, at the top and in `data`. */
function shapeOf(value: Record<string, unknown>): Record<string, string> {
  const shape: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    shape[key] = typeof v;
    if (v && typeof v === 'object') {
      for (const [inner, w] of Object.entries(v)) shape[`${key}.${inner}`] = typeof w;
    }
  }
  return shape;
}

/** The sandbox's records of the attempts made to one receiver (other tests' stay in the list). */
const deliveriesTo = (r: Receiver, sandbox: Sandbox = s.sandbox) =>
  sandbox.hooks.deliveries().filter((d) => d.destination === r.url);

const hook = (scope: string, destination: string, extra: Record<string, unknown> = {}) =>
  send('POST', '/v3/hooks', { scope, destination, ...extra });

beforeAll(async () => {
  s = await startSandbox({
    products: 30,
    clientSecret: SECRET,
    quota: { requests: 10_000, windowMs: 60_000 },
    webhookRetryDelaysMs: [20, 40],
  });
  const document = parse(readFixture('openapi/webhooks.v3.yml')) as Document;
  spec = new OpenAPIBackend({
    definition: document,
    quick: true,
    strict: false,
    customizeAjv: (instance) => {
      addFormats(instance);
      return instance;
    },
  });
  await spec.init();
  // The callback schemas are components no operation answers with: validate them with ajv
  // directly (OpenAPI keywords such as `nullable` and `x-tags` are ignored, not refused).
  ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document as object, 'webhooks');
});
afterEach(async () => {
  // Each test registers its own hooks: the next starts from none.
  for (const h of [...s.sandbox.hooks.list()]) s.sandbox.hooks.delete(h.id);
  await s.sandbox.hooks.whenIdle();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await s?.sandbox.close();
});

describe('/v3/hooks', () => {
  it('creates, lists, gets, updates and deletes hooks in the spec’s shapes', async () => {
    const destination = 'https://example.com/webhooks';
    const created = await hook('store/product/updated', destination, {
      headers: { 'x-custom': 'v1' },
    });
    expect(created.status).toBe(200);
    expect(conformance(created, 'createWebhooks')).toEqual([]);
    const id = created.body.data.id as number;
    expect(created.body).toEqual({
      data: {
        id,
        client_id: s.sandbox.clientId,
        store_hash: s.sandbox.storeHash,
        created_at: expect.any(Number),
        updated_at: expect.any(Number),
        scope: 'store/product/updated',
        destination,
        is_active: true,
        headers: { 'x-custom': 'v1' },
      },
      meta: {},
    });
    const other = await hook('store/cart/*', destination, { is_active: false });
    expect(other.body.data).toMatchObject({ is_active: false, headers: null });

    const list = await send<{ data: { id: number }[]; meta: unknown }>('GET', '/v3/hooks');
    expect(list.status).toBe(200);
    expect(conformance(list, 'getWebhooks')).toEqual([]);
    expect(list.body.data.map((h) => h.id)).toEqual([id, other.body.data.id]);
    const ids = async (query: string) =>
      (await send<{ data: { id: number }[] }>('GET', `/v3/hooks?${query}`)).body.data.map(
        (h) => h.id,
      );
    expect(await ids('is_active=false')).toEqual([other.body.data.id]);
    expect(await ids('scope=store/product/updated')).toEqual([id]);
    expect(await ids(`destination=${encodeURIComponent(destination)}`)).toHaveLength(2);
    const page2 = await send<{ data: { id: number }[]; meta: { pagination: object } }>(
      'GET',
      '/v3/hooks?limit=1&page=2',
    );
    expect(page2.body.data.map((h) => h.id)).toEqual([other.body.data.id]);
    expect(page2.body.meta.pagination).toMatchObject({ total: 2, count: 1, total_pages: 2 });

    const got = await send('GET', `/v3/hooks/${id}`);
    expect(conformance(got, 'getWebhook')).toEqual([]);
    expect(got.body.data).toEqual(created.body.data);

    const updated = await send('PUT', `/v3/hooks/${id}`, { is_active: false, headers: null });
    expect(updated.status).toBe(200);
    expect(conformance(updated, 'updateWebhook')).toEqual([]);
    expect(updated.body.data).toMatchObject({ id, is_active: false, headers: null });

    const deleted = await send('DELETE', `/v3/hooks/${id}`);
    expect(deleted.status).toBe(200);
    expect(conformance(deleted, 'deleteWebhook')).toEqual([]);
    expect(deleted.body.data).toMatchObject({ id, scope: 'store/product/updated' });
    const gone = await send('GET', `/v3/hooks/${id}`);
    expect(gone.status).toBe(404);
    expect(conformance(gone, 'getWebhook')).toEqual([]);
    expect(gone.body).toMatchObject({ status: 404, title: `Webhook with id [${id}] not found` });
  });

  it('refuses what the platform refuses with a 422 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ scope: 'store/product/updated' }, 'destination'],
      [{ destination: 'https://example.com/h' }, 'scope'],
      [{ scope: 'store/product/renamed', destination: 'https://example.com/h' }, 'scope'],
      // Plain http, and a custom port, only on loopback (the sandbox's allowance for tests).
      [{ scope: 'store/product/updated', destination: 'http://example.com/h' }, 'destination'],
      [
        { scope: 'store/product/updated', destination: 'https://example.com:8443/h' },
        'destination',
      ],
      [
        { scope: 'store/product/updated', destination: 'https://example.com/h', headers: [] },
        'headers',
      ],
    ];
    for (const [body, field] of cases) {
      const answer = await send<{ errors: Record<string, string> }>('POST', '/v3/hooks', body);
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect(conformance(answer, 'createWebhooks')).toEqual([]);
      expect(Object.keys(answer.body.errors)).toEqual([field]);
    }
    const loopback = await hook('store/order/*', 'http://127.0.0.1:9/h');
    expect(loopback.status).toBe(200);
    const id = loopback.body.data.id;
    expect((await send('PUT', `/v3/hooks/${id}`, {})).status).toBe(422);
    expect((await send('GET', '/v3/hooks/abc')).status).toBe(404);
    const anonymous = await fetch(`${s.sandbox.url}/stores/${s.sandbox.storeHash}/v3/hooks`);
    expect(anonymous.status).toBe(401);
  });

  it('answers /v3/hooks/admin with the hooks, their status and the notification emails', async () => {
    const created = await hook('store/order/created', 'https://example.com/h');
    expect((await send('PUT', '/v3/hooks/admin', { emails: ['ops@example.com'] })).status).toBe(
      204,
    );
    expect((await send('PUT', '/v3/hooks/admin', { emails: ['not an email'] })).status).toBe(422);
    const admin = await send<{ data: Record<string, unknown> }>('GET', '/v3/hooks/admin');
    expect(admin.status).toBe(200);
    expect(conformance(admin, 'getHooksAdmin')).toEqual([]);
    expect(admin.body.data).toEqual({
      emails: ['ops@example.com'],
      hooks_list: [{ ...created.body.data, status: 'active' }],
      blocked_domains: [],
    });
    const inactive = await send<{ data: { hooks_list: unknown[] } }>(
      'GET',
      '/v3/hooks/admin?is_active=false',
    );
    expect(inactive.body.data.hooks_list).toEqual([]);
  });
});

describe('callbacks', () => {
  it('a product update sends one callback, signed with base64(client secret), shaped as the example', async () => {
    const r = await receiver();
    await hook('store/product/updated', r.url, { headers: { 'x-custom-check': 'abc' } });
    const before = Math.floor(Date.now() / 1000);
    s.sandbox.store.updateProduct(5, { name: 'Renamed for a hook' });
    await s.sandbox.hooks.whenIdle();

    expect(r.received).toHaveLength(1);
    const [callback] = r.received;
    const body = new Webhook(base64Secret).verify(callback!.raw, signatureHeaders(callback!));
    expect(body).toEqual({
      scope: 'store/product/updated',
      store_id: s.sandbox.hooks.storeId,
      data: { type: 'product', id: 5 },
      hash: expect.stringMatching(/^[0-9a-f]{40}$/),
      created_at: expect.any(Number),
      producer: `stores/${s.sandbox.storeHash}`,
    });
    const expected = example('store/product/updated');
    expect(shapeOf(body as Record<string, unknown>)).toEqual(shapeOf(expected));
    expect(callbackConformance(body, 'store/product/updated')).toEqual([]);
    expect((body as { created_at: number }).created_at).toBeGreaterThanOrEqual(before);
    expect(callback!.headers['x-custom-check']).toBe('abc');
    expect(callback!.headers['content-type']).toBe('application/json');
    // Another key does not verify it: the signature is real.
    const wrong = new Webhook(Buffer.from('another-secret').toString('base64'));
    expect(() => wrong.verify(callback!.raw, signatureHeaders(callback!))).toThrow();
    expect(deliveriesTo(r)).toMatchObject([
      { webhookId: callback!.headers['webhook-id'], attempt: 1, status: 200, ok: true },
    ]);
  });

  it('sends nothing to an inactive hook or another scope; a wildcard scope gets it', async () => {
    const [exact, inactive, otherScope, wildcard] = await Promise.all([
      receiver(),
      receiver(),
      receiver(),
      receiver(),
    ]);
    await hook('store/product/updated', exact.url);
    await hook('store/product/updated', inactive.url, { is_active: false });
    await hook('store/order/created', otherScope.url);
    await hook('store/product/*', wildcard.url);
    s.sandbox.store.updateProduct(6, { price: 12 });
    await s.sandbox.hooks.whenIdle();
    expect(exact.received).toHaveLength(1);
    expect(wildcard.received).toHaveLength(1);
    expect(inactive.received).toHaveLength(0);
    expect(otherScope.received).toHaveLength(0);
    // Each hook gets its own message.
    expect(exact.received[0]!.headers['webhook-id']).not.toBe(
      wildcard.received[0]!.headers['webhook-id'],
    );
  });

  it('redelivers a failed callback with the same webhook-id, and stops after a 2xx', async () => {
    const r = await receiver();
    r.answer(500, 503);
    await hook('store/product/updated', r.url);
    s.sandbox.store.updateProduct(7, { name: 'Retried' });
    await s.sandbox.hooks.whenIdle();

    expect(r.received).toHaveLength(3);
    const ids = new Set(r.received.map((c) => c.headers['webhook-id']));
    expect(ids.size).toBe(1);
    expect(new Set(r.received.map((c) => c.raw)).size).toBe(1);
    for (const c of r.received) {
      expect(() => new Webhook(base64Secret).verify(c.raw, signatureHeaders(c))).not.toThrow();
    }
    expect(deliveriesTo(r).map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 503],
      [3, 200],
    ]);
  });

  it('deactivates a hook whose every retry failed, as the platform does', async () => {
    const r = await receiver();
    r.answer(500, 500, 500, 500);
    const created = await hook('store/product/updated', r.url);
    s.sandbox.store.updateProduct(8, { name: 'Never acknowledged' });
    await s.sandbox.hooks.whenIdle();
    // Two retries configured: three attempts in all.
    expect(r.received).toHaveLength(3);
    const after = await send('GET', `/v3/hooks/${created.body.data.id}`);
    expect(after.body.data.is_active).toBe(false);
    const admin = await send<{ data: { hooks_list: { status: string }[] } }>(
      'GET',
      '/v3/hooks/admin',
    );
    expect(admin.body.data.hooks_list.map((h) => h.status)).toEqual(['deactivated']);
  });

  it('sends a duplicate on purpose: same webhook-id and body, freshly signed', async () => {
    const r = await receiver();
    await hook('store/product/updated', r.url);
    const [message] = s.sandbox.store.hooks.emit('store/product/updated', {
      type: 'product',
      id: 9,
    });
    await s.sandbox.hooks.whenDelivered(1, (d) => d.webhookId === message!.id);
    const duplicate = await s.sandbox.hooks.redeliver(message!.id);
    expect(duplicate).toMatchObject({ webhookId: message!.id, duplicate: true, ok: true });
    expect(r.received).toHaveLength(2);
    const [first, second] = r.received;
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(second!.raw).toBe(first!.raw);
    expect(() =>
      new Webhook(base64Secret).verify(second!.raw, signatureHeaders(second!)),
    ).not.toThrow();
  });

  it('lists deliveries and sends a duplicate through the control routes (for out-of-process users)', async () => {
    const r = await receiver();
    await hook('store/product/deleted', r.url);
    s.sandbox.store.deleteProduct(30);
    await s.sandbox.hooks.whenIdle();
    const listed = (await (await fetch(`${s.sandbox.url}/__sandbox/hooks/deliveries`)).json()) as {
      deliveries: { webhookId: string; destination: string; body: object }[];
    };
    const mine = listed.deliveries.filter((d) => d.destination === r.url);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body).toMatchObject({
      scope: 'store/product/deleted',
      data: { type: 'product', id: 30 },
    });
    const again = await fetch(`${s.sandbox.url}/__sandbox/hooks/redeliver`, {
      method: 'POST',
      body: JSON.stringify({ webhook_id: mine[0]!.webhookId }),
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true, status: 200 });
    expect(r.received.map((c) => c.headers['webhook-id'])).toEqual([
      mine[0]!.webhookId,
      mine[0]!.webhookId,
    ]);
  });

  it('answers the API call without waiting for the callback', async () => {
    const r = await receiver();
    r.hold();
    await hook('store/sku/*', r.url);
    const product = s.sandbox.store.products.find((p) => p.inventory_tracking === 'variant')!;
    const variant = s.sandbox.store.variants.get(product.id)![0]!;
    const level = variant.inventory_level ?? 0;
    const put = await send('PUT', `/v3/catalog/products/${product.id}/variants/${variant.id}`, {
      inventory_level: level + 3,
    });
    // The answer came back while the receiver still holds both callbacks.
    expect(put.status).toBe(200);
    await r.whenReceived(2);
    expect(deliveriesTo(r)).toHaveLength(0);
    r.release();
    await s.sandbox.hooks.whenIdle();
    const bodies = r.received.map((c) => JSON.parse(c.raw) as { scope: string; data: object });
    expect(bodies.map((b) => b.scope).sort()).toEqual([
      'store/sku/inventory/updated',
      'store/sku/updated',
    ]);
    const inventory = bodies.find((b) => b.scope === 'store/sku/inventory/updated')!;
    expect(inventory.data).toEqual({
      type: 'sku',
      id: variant.id,
      inventory: { product_id: product.id, method: 'absolute', value: 3, variant_id: variant.id },
    });
    expect(shapeOf(inventory)).toMatchObject(
      Object.fromEntries(
        Object.entries(shapeOf(example('store/sku/inventory/updated'))).filter(([k]) =>
          k.startsWith('data'),
        ),
      ),
    );
    expect(callbackConformance(inventory, 'store/sku/inventory/updated')).toEqual([]);
  });

  it('calls back cart and order changes with the example payloads’ data', async () => {
    const r = await receiver();
    await hook('store/cart/*', r.url);
    await hook('store/order/statusUpdated', r.url);
    const created = await send<{
      data: { id: string; line_items: { physical_items: { id: string }[] } };
    }>('POST', '/v3/carts', { line_items: [{ product_id: 1, variant_id: 2, quantity: 1 }] });
    expect(created.status).toBe(201);
    const cart = created.body.data;
    const itemId = cart.line_items.physical_items[0]!.id;
    await s.sandbox.hooks.whenIdle();
    const scopes = () =>
      r.received.map((c) => JSON.parse(c.raw) as { scope: string; data: object });
    expect(
      scopes()
        .map((b) => b.scope)
        .sort(),
    ).toEqual(['store/cart/created', 'store/cart/lineItem/created', 'store/cart/updated']);
    const byScope = (scope: string) => scopes().find((b) => b.scope === scope)!;
    expect(byScope('store/cart/created').data).toEqual({ type: 'cart', id: cart.id });
    expect(byScope('store/cart/lineItem/created').data).toEqual({
      type: 'cart_line_item',
      id: itemId,
      cartId: cart.id,
    });
    for (const scope of ['store/cart/created', 'store/cart/lineItem/created']) {
      expect(shapeOf(byScope(scope))).toEqual(shapeOf(example(scope)));
    }

    const orderId = 100; // the first historical order
    const order = s.sandbox.store.orders.get(orderId)!;
    const previous = order.statusId;
    const next = previous === 5 ? 10 : 5;
    expect((await send('PUT', `/v2/orders/${orderId}`, { status_id: next })).status).toBe(200);
    await s.sandbox.hooks.whenIdle();
    const status = byScope('store/order/statusUpdated');
    expect(status.data).toEqual({
      type: 'order',
      id: orderId,
      status: { previous_status_id: previous, new_status_id: next },
    });
    expect(shapeOf(status)).toEqual(shapeOf(example('store/order/statusUpdated')));
    expect(callbackConformance(status, 'store/order/statusUpdated')).toEqual([]);
  });
});

describe('delivery timing', () => {
  let clocked: Started | undefined;
  afterEach(async () => {
    await clocked?.sandbox.close();
    clocked = undefined;
  });

  it('waits out the retry schedule on the sandbox clock, signing each attempt at its time', async () => {
    const NOW = Date.now();
    const slept: number[] = [];
    clocked = await startSandbox({
      products: 10,
      clientSecret: SECRET,
      webhookRetryDelaysMs: [60_000, 180_000],
      clock: {
        now: () => NOW + slept.reduce((a, b) => a + b, 0),
        sleep: async (ms) => {
          slept.push(ms);
        },
      },
    });
    const r = await receiver();
    r.answer(500, 500);
    clocked.sandbox.hooks.create({ scope: 'store/product/updated', destination: r.url });
    clocked.sandbox.store.updateProduct(3, { name: 'On the clock' });
    await clocked.sandbox.hooks.whenIdle();
    expect(slept).toEqual([60_000, 180_000]);
    const seconds = (ms: number) => String(Math.floor(ms / 1000));
    expect(r.received.map((c) => c.headers['webhook-timestamp'])).toEqual([
      seconds(NOW),
      seconds(NOW + 60_000),
      seconds(NOW + 240_000),
    ]);
    // The body (and its created_at) is the event's, the same on every attempt.
    expect(new Set(r.received.map((c) => c.raw)).size).toBe(1);
  });

  it('stops on close(): a pending retry is dropped and waiting callers are told', async () => {
    // The platform's schedule: the first retry would come a minute later.
    clocked = await startSandbox({ products: 10, clientSecret: SECRET });
    const sandbox: Sandbox = clocked.sandbox;
    const r = await receiver();
    r.answer(500);
    sandbox.hooks.create({ scope: 'store/product/updated', destination: r.url });
    sandbox.store.updateProduct(3, { name: 'Closed before the retry' });
    await r.whenReceived(1);
    const waiting = expect(sandbox.hooks.whenDelivered(1)).rejects.toThrow(/closed/);
    await sandbox.close();
    await waiting;
    await expect(sandbox.hooks.whenIdle()).rejects.toThrow(/closed/);
    expect(r.received).toHaveLength(1);
    clocked = undefined;
  });
});
