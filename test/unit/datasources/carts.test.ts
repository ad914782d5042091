import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Document, OpenAPIBackend } from 'openapi-backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SANDBOX_COUPONS } from '../../../sandbox/carts/coupons.js';
import { createSandbox, type Sandbox } from '../../../sandbox/server.js';
import { CartsApi } from '../../../src/datasources/carts.js';
import { CheckoutsApi } from '../../../src/datasources/checkouts.js';
import { UpstreamInputError } from '../../../src/datasources/errors.js';
import type { HttpClient } from '../../../src/datasources/http-client.js';
import {
  type CapturedRequest,
  loadContract,
  type OpenApiContract,
  recordingDispatcher,
  type Verdict,
} from '../../helpers/openapi-contract.js';
import { sandboxHttpClient } from '../../helpers/sandbox-http-client.js';

const SPECS = fileURLToPath(new URL('../../fixtures/bigcommerce/openapi/', import.meta.url));
const ADDRESS = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.com',
  address1: '12 Analytical Row',
  city: 'London',
  stateOrProvince: 'Greater London',
  postalCode: 'N1 9GU',
  countryCode: 'GB',
};

let sandbox: Sandbox;
let recorder: ReturnType<typeof recordingDispatcher>;
let http: HttpClient;
let carts: CartsApi;
let checkouts: CheckoutsApi;
let contract: OpenApiContract;
let checkoutSpec: OpenAPIBackend;

/**
 * checkouts.v3.yml's phone `pattern` (`\\d{1-5}`) is not a valid unicode regular expression, so
 * the shared contract (ajv's default `unicodeRegExp`) cannot compile its address bodies: those
 * requests are checked here with `unicodeRegExp: false` (the lead may move this into the helper).
 */
function check(request: CapturedRequest): Verdict {
  const [pathname = '', query = ''] = request.path.split(/\?(.*)/s);
  if (!pathname.includes('/v3/checkouts/')) return withoutOneOfDefect(contract.check(request));
  const input = {
    method: request.method.toLowerCase(),
    path: pathname.replace(/^\/stores\/[^/]+\/v3/, ''),
    query,
    headers: request.headers,
    body: request.body,
  };
  const operation = checkoutSpec.router.matchOperation(input);
  if (!operation) return { request, problems: ['no checkouts operation has this method and path'] };
  const result = checkoutSpec.validator.validateRequest(input, operation);
  const problems = (result.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  const takesBody = operation.requestBody !== undefined;
  if (request.body !== undefined && !takesBody)
    problems.push('sends a body to an operation that takes none');
  return { request, operation: `checkouts.v3.yml#${operation.operationId}`, problems };
}

/**
 * carts.v3.yml's item bodies for `POST …/items` and `PUT …/items/{itemId}` are a `oneOf` of "Item
 * with variant" and "Item with modifier", and every real item matches both: the variant shape's
 * `required: [quantity, product_id]` sits inside its `gift_wrapping` by mistake, and neither shape
 * forbids the other's fields. So "exactly one" cannot hold; that one complaint is set aside (any
 * other problem of those bodies still fails the test).
 */
function withoutOneOfDefect(verdict: Verdict): Verdict {
  const defect =
    /^\/requestBody\/line_items? must match exactly one schema in oneOf \{"passingSchemas":\[0,1\]\}$/;
  return { ...verdict, problems: verdict.problems.filter((p) => !defect.test(p)) };
}

beforeAll(async () => {
  sandbox = await createSandbox({ products: 10, quota: { requests: 10_000, windowMs: 60_000 } });
  recorder = recordingDispatcher();
  http = sandboxHttpClient(sandbox, { maxRetries: 0, dispatcher: recorder.dispatcher });
  carts = new CartsApi(http, { requestId: 'carts-test' });
  checkouts = new CheckoutsApi(http, { requestId: 'carts-test' });
  contract = await loadContract(SPECS);
  checkoutSpec = new OpenAPIBackend({
    definition: parse(readFileSync(`${SPECS}/checkouts.v3.yml`, 'utf8')) as Document,
    quick: true,
    strict: false,
    ajvOpts: { unicodeRegExp: false },
  });
  await checkoutSpec.init();
});
afterAll(async () => {
  await http?.close();
  await sandbox?.close();
  await recorder?.close();
});

describe('CartsApi and CheckoutsApi against the sandbox store', () => {
  it('drive a whole purchase, every request valid against carts.v3.yml and checkouts.v3.yml', async () => {
    const cart = await carts.createCart({
      lineItems: [
        { productId: 3, quantity: 2 },
        { productId: 1, variantId: 1, quantity: 1 },
      ],
    });
    expect(cart.customer_id).toBe(0);
    expect(cart.line_items.physical_items[1]?.options).toHaveLength(2);
    const added = await carts.addLineItems(cart.id, [{ productId: 3, quantity: 1 }], cart.version);
    const line = added.line_items.physical_items[0];
    expect(line?.quantity).toBe(3);
    await carts.updateLineItem(cart.id, line?.id ?? '', { productId: 3, quantity: 1 });
    expect((await carts.getCart(cart.id))?.line_items.physical_items[0]?.quantity).toBe(1);
    expect(await carts.getCart(crypto.randomUUID())).toBeNull();
    expect((await carts.assignCustomer(cart.id, 1)).customer_id).toBe(1);
    expect((await carts.createRedirectUrls(cart.id)).checkout_url).toContain(cart.id);

    const billed = await checkouts.setBillingAddress(cart.id, ADDRESS);
    await checkouts.setBillingAddress(
      cart.id,
      { ...ADDRESS, city: 'Leeds' },
      String(billed.billing_address?.id),
    );
    const items = (await checkouts.getCheckout(cart.id))?.cart.line_items?.physical_items ?? [];
    const consigned = await checkouts.addConsignment(cart.id, {
      address: ADDRESS,
      lineItems: items.map((i) => ({ itemId: i.id, quantity: i.quantity })),
    });
    const [c] = consigned.consignments;
    const option = c?.available_shipping_options?.[0];
    const chosen = await checkouts.updateConsignment(cart.id, c?.id ?? '', {
      shippingOptionId: option?.id,
    });
    expect(chosen.consignments[0]?.selected_shipping_option?.id).toBe(option?.id);
    await checkouts.addCoupon(cart.id, SANDBOX_COUPONS.percentage.code);
    expect(
      (await checkouts.removeCoupon(cart.id, SANDBOX_COUPONS.percentage.code)).coupons,
    ).toEqual([]);
    expect(await checkouts.createOrder(cart.id)).toEqual(expect.any(Number));
    expect(await checkouts.getCheckout(cart.id)).toBeNull();

    const other = await carts.createCart({
      lineItems: [
        { productId: 3, quantity: 1 },
        { productId: 1, variantId: 1, quantity: 1 },
      ],
    });
    const first = other.line_items.physical_items[0]?.id ?? '';
    expect(await carts.deleteLineItem(other.id, first)).not.toBeNull();
    const last = (await carts.getCart(other.id))?.line_items.physical_items[0]?.id ?? '';
    expect(await carts.deleteLineItem(other.id, last)).toBeNull();
    const third = await carts.createCart({ lineItems: [{ productId: 3, quantity: 1 }] });
    await carts.deleteCart(third.id);

    const verdicts = recorder.requests.map(check);
    expect(verdicts.filter((v) => v.problems.length > 0)).toEqual([]);
    expect(new Set(verdicts.map((v) => v.operation))).toEqual(
      new Set([
        'carts.v3.yml#createCart',
        'carts.v3.yml#addCartLineItems',
        'carts.v3.yml#updateCartLineItem',
        'carts.v3.yml#getCart',
        'carts.v3.yml#updateCart',
        'carts.v3.yml#createCartRedirectURL',
        'carts.v3.yml#deleteCartLineItem',
        'carts.v3.yml#deleteCart',
        'checkouts.v3.yml#getCheckout',
        'checkouts.v3.yml#addCheckoutBillingAddress',
        'checkouts.v3.yml#updateCheckoutBillingAddress',
        'checkouts.v3.yml#addCheckoutConsignment',
        'checkouts.v3.yml#updateCheckoutConsignment',
        'checkouts.v3.yml#addCheckoutCoupon',
        'checkouts.v3.yml#deleteCheckoutCoupon',
        'checkouts.v3.yml#createOrder',
      ]),
    );
  });

  it('surfaces a refused write as UpstreamInputError with BigCommerce’s field errors', async () => {
    const error = await carts
      .createCart({ lineItems: [{ productId: 4, quantity: 1 }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamInputError);
    expect((error as UpstreamInputError).fields).toEqual({
      'line_items.0.quantity': 'out of stock',
    });
    const cart = await carts.createCart({ lineItems: [{ productId: 3, quantity: 1 }] });
    const stale = await carts
      .addLineItems(cart.id, [{ productId: 3, quantity: 1 }], 99)
      .catch((e: unknown) => e);
    expect(stale).toMatchObject({ name: 'UpstreamInputError', status: 409 });
  });
});
