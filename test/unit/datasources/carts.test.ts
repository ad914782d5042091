import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_COUPONS } from '../../../sandbox/carts/coupons.js';
import { createSandbox, type Sandbox } from '../../../sandbox/server.js';
import { CartsApi } from '../../../src/datasources/carts.js';
import { CheckoutsApi } from '../../../src/datasources/checkouts.js';
import { UpstreamInputError } from '../../../src/datasources/errors.js';
import type { HttpClient } from '../../../src/datasources/http-client.js';
import { DOCUMENTED_EXTRAS, KNOWN_SPEC_DEFECTS } from '../../helpers/documented-extras.js';
import {
  loadContract,
  type OpenApiContract,
  recordingDispatcher,
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

beforeAll(async () => {
  sandbox = await createSandbox({ products: 10, quota: { requests: 10_000, windowMs: 60_000 } });
  recorder = recordingDispatcher();
  http = sandboxHttpClient(sandbox, { maxRetries: 0, dispatcher: recorder.dispatcher });
  carts = new CartsApi(http, { requestId: 'carts-test' });
  checkouts = new CheckoutsApi(http, { requestId: 'carts-test' });
  contract = await loadContract(SPECS, DOCUMENTED_EXTRAS, KNOWN_SPEC_DEFECTS);
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

    const verdicts = recorder.requests.map((request) => contract.check(request));
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
