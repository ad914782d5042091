import { versioned } from './carts.js';
import { UpstreamNotFoundError } from './errors.js';
import type { HttpClient, QueryValue, UpstreamRequest } from './http-client.js';
import type { RequestPriority } from './quota.js';
import { type BcCheckout, bcCheckoutOrderSchema, bcCheckoutSchema } from './schemas/checkouts.js';

/** Every checkout read shows the shipping options and items' options the graph offers. */
const CHECKOUT_INCLUDE = [
  'cart.line_items.physical_items.options',
  'cart.line_items.digital_items.options',
  'consignments.available_shipping_options',
];
/** The consignment writes take one `include` value only (a string enum in the spec). */
const CONSIGNMENT_INCLUDE = 'consignments.available_shipping_options';

/** A checkout address as BigCommerce takes it (`AddressProperties`). */
export interface CheckoutAddressInput {
  firstName: string;
  lastName: string;
  email: string;
  company?: string;
  address1: string;
  address2?: string;
  city: string;
  stateOrProvince?: string;
  stateOrProvinceCode?: string;
  postalCode: string;
  countryCode: string;
  phone?: string;
}

function toAddressBody(a: CheckoutAddressInput): Record<string, string> {
  const body: Record<string, string> = {
    first_name: a.firstName,
    last_name: a.lastName,
    email: a.email,
    address1: a.address1,
    city: a.city,
    postal_code: a.postalCode,
    country_code: a.countryCode,
  };
  if (a.company !== undefined) body.company = a.company;
  if (a.address2 !== undefined) body.address2 = a.address2;
  if (a.stateOrProvince !== undefined) body.state_or_province = a.stateOrProvince;
  if (a.stateOrProvinceCode !== undefined) body.state_or_province_code = a.stateOrProvinceCode;
  if (a.phone !== undefined) body.phone = a.phone;
  return body;
}

/** Checkouts v3 (checkouts.v3.yml): addresses, consignments, shipping options, coupons, orders. Over one request's HttpClient. */
export class CheckoutsApi {
  constructor(
    private readonly http: HttpClient,
    private readonly options: { requestId?: string; priority?: RequestPriority } = {},
  ) {}

  /** `GET /v3/checkouts/{checkoutId}`; null when there is no such checkout (cart). */
  async getCheckout(checkoutId: string): Promise<BcCheckout | null> {
    try {
      const query = { include: CHECKOUT_INCLUDE };
      return await this.http.getV3(this.request(this.path(checkoutId), query), bcCheckoutSchema);
    } catch (error) {
      if (error instanceof UpstreamNotFoundError) return null;
      throw error;
    }
  }

  /** `POST …/billing-address`, or `PUT …/billing-address/{addressId}` when one is set already. */
  setBillingAddress(
    checkoutId: string,
    address: CheckoutAddressInput,
    existingAddressId?: string,
    version?: number,
  ): Promise<BcCheckout> {
    const body = { ...toAddressBody(address), ...versioned(version) };
    const base = `${this.path(checkoutId)}/billing-address`;
    const req =
      existingAddressId === undefined
        ? { ...this.request(base, {}), body }
        : {
            ...this.request(`${base}/${encodeURIComponent(existingAddressId)}`, {}),
            method: 'PUT' as const,
            body,
          };
    return this.http.sendV3(req, bcCheckoutSchema);
  }

  /** `POST …/consignments`: one consignment shipping whole line items to one address. */
  addConsignment(
    checkoutId: string,
    consignment: {
      address: CheckoutAddressInput;
      lineItems: readonly { itemId: string; quantity: number }[];
    },
    version?: number,
  ): Promise<BcCheckout> {
    const body = [
      {
        address: toAddressBody(consignment.address),
        line_items: consignment.lineItems.map((i) => ({ item_id: i.itemId, quantity: i.quantity })),
        ...versioned(version),
      },
    ];
    const req = this.request(`${this.path(checkoutId)}/consignments`, {
      include: CONSIGNMENT_INCLUDE,
    });
    return this.http.sendV3({ ...req, body }, bcCheckoutSchema);
  }

  /** `PUT …/consignments/{consignmentId}`: a new address and items, or the chosen shipping option. */
  updateConsignment(
    checkoutId: string,
    consignmentId: string,
    change: {
      address?: CheckoutAddressInput;
      lineItems?: readonly { itemId: string; quantity: number }[];
      shippingOptionId?: string;
    },
    version?: number,
  ): Promise<BcCheckout> {
    const body: Record<string, unknown> = { ...versioned(version) };
    if (change.address) body.address = toAddressBody(change.address);
    if (change.lineItems) {
      body.line_items = change.lineItems.map((i) => ({ item_id: i.itemId, quantity: i.quantity }));
    }
    if (change.shippingOptionId !== undefined) body.shipping_option_id = change.shippingOptionId;
    const path = `${this.path(checkoutId)}/consignments/${encodeURIComponent(consignmentId)}`;
    const req = this.request(path, { include: CONSIGNMENT_INCLUDE });
    return this.http.sendV3({ ...req, method: 'PUT', body }, bcCheckoutSchema);
  }

  /** `POST …/coupons`. */
  addCoupon(checkoutId: string, code: string, version?: number): Promise<BcCheckout> {
    const body = { coupon_code: code, ...versioned(version) };
    return this.http.sendV3(
      { ...this.request(`${this.path(checkoutId)}/coupons`, {}), body },
      bcCheckoutSchema,
    );
  }

  /** `DELETE …/coupons/{couponCode}`. */
  removeCoupon(checkoutId: string, code: string): Promise<BcCheckout> {
    const path = `${this.path(checkoutId)}/coupons/${encodeURIComponent(code)}`;
    return this.http.sendV3({ ...this.request(path, {}), method: 'DELETE' }, bcCheckoutSchema);
  }

  /** `POST …/orders`: the order's id (the cart is converted). Never retried: it would place twice. */
  async createOrder(checkoutId: string): Promise<number> {
    // The operation has no request body.
    const req = this.request(`${this.path(checkoutId)}/orders`, {});
    return (await this.http.sendV3(req, bcCheckoutOrderSchema)).id;
  }

  private path(checkoutId: string): string {
    return `/v3/checkouts/${encodeURIComponent(checkoutId)}`;
  }

  private request(path: string, query: Record<string, QueryValue>): UpstreamRequest {
    return { path, query, requestId: this.options.requestId, priority: this.options.priority };
  }
}
