import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_STORED_CARD_TOKEN } from '../../../sandbox/customers/instruments.js';
import { historicalCheckout } from '../../../sandbox/orders/seed.js';
import { createSandbox, type Sandbox } from '../../../sandbox/server.js';
import { UpstreamInputError, UpstreamUnavailableError } from '../../../src/datasources/errors.js';
import type { HttpClient } from '../../../src/datasources/http-client.js';
import { OrdersApi } from '../../../src/datasources/orders.js';
import {
  createPaymentsEndpoint,
  PaymentsApi,
  type PaymentsEndpoint,
} from '../../../src/datasources/payments.js';
import { DOCUMENTED_EXTRAS } from '../../helpers/documented-extras.js';
import { captureLogger, type LogLine } from '../../helpers/log-capture.js';
import {
  loadContract,
  type OpenApiContract,
  recordingDispatcher,
} from '../../helpers/openapi-contract.js';
import { sandboxHttpClient } from '../../helpers/sandbox-http-client.js';

const SPECS = fileURLToPath(new URL('../../fixtures/bigcommerce/openapi/', import.meta.url));

let sandbox: Sandbox;
let recorder: ReturnType<typeof recordingDispatcher>;
let http: HttpClient;
let orders: OrdersApi;
let payments: PaymentsApi;
let endpoint: PaymentsEndpoint;
let lines: LogLine[];
let contract: OpenApiContract;

beforeAll(async () => {
  sandbox = await createSandbox({ products: 10, quota: { requests: 10_000, windowMs: 60_000 } });
  recorder = recordingDispatcher();
  const captured = captureLogger('trace');
  lines = captured.lines;
  http = sandboxHttpClient(sandbox, { dispatcher: recorder.dispatcher, logger: captured.logger });
  endpoint = createPaymentsEndpoint({
    url: sandbox.url,
    storeHash: sandbox.storeHash,
    connectTimeoutMs: 2_000,
    headersTimeoutMs: 5_000,
    bodyTimeoutMs: 5_000,
    logger: captured.logger,
    dispatcher: recorder.dispatcher,
  });
  orders = new OrdersApi(http, { requestId: 'orders-test' });
  payments = new PaymentsApi(http, endpoint, { requestId: 'orders-test' });
  contract = await loadContract(SPECS, DOCUMENTED_EXTRAS);
});

afterAll(async () => {
  await http?.close();
  await endpoint?.close();
  await sandbox?.close();
  await recorder?.close();
});

beforeEach(() => {
  sandbox.counters.reset();
});

const placeOrder = (customerId = 1) =>
  sandbox.store.orders.createFromCheckout(
    historicalCheckout(
      sandbox.store,
      customerId,
      [{ productId: 2, quantity: 2, priceCents: 1999 }],
      crypto.randomUUID(),
    ),
  );

describe('OrdersApi against the sandbox store', () => {
  it('reads an order with v2 decimal text and RFC 2822 dates; a missing one is null', async () => {
    const id = placeOrder();
    const order = await orders.getOrder(id);
    expect(order).toMatchObject({ id, customer_id: 1, status_id: 1, subtotal_ex_tax: '39.9800' });
    expect(order?.date_created).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(await orders.getOrder(999_999)).toBeNull();
  });

  it('lists with filters, counts, and answers an empty page (204) as []', async () => {
    const mine = await orders.listOrders({ customer_id: 1, sort: 'date_created:desc', limit: 50 });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((o) => o.customer_id === 1)).toBe(true);
    expect(await orders.countOrders({ customer_id: 1 })).toBe(mine.length);
    expect(await orders.listOrders({ customer_id: 987_654 })).toEqual([]);
    expect(sandbox.counters.get('GET /v2/orders')).toBe(2);
  });

  it('reads lines, shipping addresses and shipments; creates a shipment and changes status', async () => {
    const id = placeOrder();
    const [products, addresses, none] = await Promise.all([
      orders.getOrderProducts(id),
      orders.getShippingAddresses(id),
      orders.getShipments(id),
    ]);
    expect(products).toHaveLength(1);
    expect(none).toEqual([]);
    const line = products[0]!;
    const shipment = await orders.createShipment(id, {
      order_address_id: addresses[0]!.id,
      tracking_number: '1Z999',
      shipping_provider: 'ups',
      items: [{ order_product_id: line.id, quantity: 2 }],
    });
    expect(shipment).toMatchObject({
      order_id: id,
      tracking_number: '1Z999',
      shipping_provider: 'ups',
    });
    expect(await orders.getShipments(id)).toEqual([shipment]);
    expect((await orders.getOrder(id))?.status_id).toBe(2);
    expect((await orders.updateOrderStatus(id, 10)).status_id).toBe(10);
  });

  it('turns a refused shipment (v2 bare-array 400) into UpstreamInputError, sent once', async () => {
    const id = placeOrder();
    const [line] = await orders.getOrderProducts(id);
    sandbox.counters.reset();
    await expect(
      orders.createShipment(id, {
        order_address_id: 123_456,
        tracking_number: 'x',
        shipping_provider: 'ups',
        items: [{ order_product_id: line!.id, quantity: 1 }],
      }),
    ).rejects.toBeInstanceOf(UpstreamInputError);
    expect(sandbox.counters.get('POST /v2/orders/{id}/shipments')).toBe(1);
  });
});

describe('PaymentsApi against the sandbox store', () => {
  it('creates a token, lists the methods with the stored card, pays once and refuses a second payment', async () => {
    const id = placeOrder();
    const token = await payments.createAccessToken(id);
    const methods = await payments.getPaymentMethods(id);
    const method = methods.find((m) =>
      m.stored_instruments?.some((i) => i.token === DEMO_STORED_CARD_TOKEN),
    );
    expect(method).toBeDefined();
    const paid = await payments.pay({
      accessToken: token,
      paymentMethodId: method!.id,
      instrument: { type: 'stored_card', token: DEMO_STORED_CARD_TOKEN },
    });
    expect(paid.status).toBe('success');
    expect((await orders.getOrder(id))?.status_id).toBe(11);
    await expect(payments.createAccessToken(id)).rejects.toBeInstanceOf(UpstreamInputError);
    const text = JSON.stringify(lines);
    expect(text).not.toContain(token);
    expect(text).not.toContain(DEMO_STORED_CARD_TOKEN);
  });

  it('refuses another customer’s stored card with UpstreamInputError; the order stays unpaid', async () => {
    const id = placeOrder(2);
    const token = await payments.createAccessToken(id);
    await expect(
      payments.pay({
        accessToken: token,
        paymentMethodId: 'braintree.card',
        instrument: { type: 'stored_card', token: DEMO_STORED_CARD_TOKEN },
      }),
    ).rejects.toBeInstanceOf(UpstreamInputError);
    expect((await orders.getOrder(id))?.status_id).toBe(1);
  });
});

describe('the payments endpoint', () => {
  it('never repeats a payment whose bytes left, and logs neither the token nor the instrument', async () => {
    let received = 0;
    const server = createServer((req) => {
      received++;
      req.socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const captured = captureLogger('trace');
    const dropping = createPaymentsEndpoint({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      storeHash: 'abc',
      connectTimeoutMs: 1_000,
      headersTimeoutMs: 1_000,
      bodyTimeoutMs: 1_000,
      logger: captured.logger,
    });
    try {
      await expect(
        dropping.process({
          accessToken: 'secret-pat-token',
          paymentMethodId: 'braintree.card',
          instrument: { type: 'stored_card', token: DEMO_STORED_CARD_TOKEN },
        }),
      ).rejects.toBeInstanceOf(UpstreamUnavailableError);
      expect(received).toBe(1);
      const text = JSON.stringify(captured.lines);
      expect(captured.lines.length).toBeGreaterThan(0);
      expect(text).not.toContain('secret-pat-token');
      expect(text).not.toContain(DEMO_STORED_CARD_TOKEN);
    } finally {
      await dropping.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('the requests OrdersApi and PaymentsApi build', () => {
  it('validate against the official orders and payments operations', async () => {
    recorder.requests.length = 0;
    const id = placeOrder();
    await Promise.all([
      orders.getOrder(id),
      orders.listOrders({
        customer_id: 1,
        status_id: 1,
        min_date_created: 'Thu, 20 Apr 2017 11:32:00 -0400',
        max_date_created: '2099-01-01T00:00:00.000Z',
        min_id: 1,
        max_id: 100_000,
        cart_id: 'abc',
        page: 1,
        limit: 10,
        sort: 'date_created:desc',
      }),
      orders.countOrders({ customer_id: 1, status_id: 1 }),
      orders.getOrderProducts(id),
      orders.getShippingAddresses(id),
      orders.getShipments(id),
    ]);
    const [line] = await orders.getOrderProducts(id);
    const [address] = await orders.getShippingAddresses(id);
    await orders.createShipment(id, {
      order_address_id: address!.id,
      tracking_number: '1Z1',
      shipping_provider: '',
      tracking_carrier: 'dhl',
      items: [{ order_product_id: line!.id, quantity: 1 }],
    });
    await orders.updateOrderStatus(id, 1);
    const token = await payments.createAccessToken(id);
    await payments.getPaymentMethods(id);
    await payments.pay({
      accessToken: token,
      paymentMethodId: 'braintree.card',
      instrument: { type: 'stored_card', token: DEMO_STORED_CARD_TOKEN },
    });
    const verdicts = recorder.requests.map((request) => contract.check(request));
    expect(verdicts.filter((v) => v.problems.length > 0)).toEqual([]);
    expect(new Set(verdicts.map((v) => v.operation))).toEqual(
      new Set([
        'orders.v2.oas2.yml#getOrder',
        'orders.v2.oas2.yml#getOrders',
        'orders.v2.oas2.yml#getOrdersCount',
        'orders.v2.oas2.yml#getOrderProducts',
        'orders.v2.oas2.yml#getOrderShippingAddresses',
        'orders.v2.oas2.yml#getOrderShipments',
        'orders.v2.oas2.yml#createOrderShipments',
        'orders.v2.oas2.yml#updateOrder',
        'payments/access-tokens_payments.v3.yml#createPaymentAccessToken',
        'payments/accepted-methods_payments.v3.yml#getPaymentMethods',
        'payments/process_payments.yml#PaymentsPost',
      ]),
    );
    const pay = recorder.requests.find((r) => r.path.endsWith('/payments'));
    expect(pay?.headers.authorization).toBe(`PAT ${token}`);
  });

  it('and the contract refuses what the spec refuses (so a pass means something)', () => {
    const headers = {
      accept: 'application/json',
      'content-type': 'application/json',
      'x-auth-token': 't',
    };
    const refused = [
      { method: 'GET', path: '/stores/abc/v2/orders?status_id=paid', headers },
      { method: 'GET', path: '/stores/abc/v2/orders?sort=total:desc', headers },
      { method: 'POST', path: '/stores/abc/payments', headers, body: '{"payment":{}}' },
      {
        method: 'POST',
        path: '/stores/abc/payments',
        headers: { ...headers, accept: 'application/json' },
        body: JSON.stringify({
          payment: { instrument: { type: 'stored_card', token: 'x' }, payment_method_id: 'm' },
        }),
      },
    ];
    for (const request of refused) expect(contract.check(request).problems).not.toEqual([]);
  });
});
