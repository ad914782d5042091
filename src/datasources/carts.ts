import { UpstreamNotFoundError } from './errors.js';
import type { HttpClient, QueryValue, UpstreamRequest } from './http-client.js';
import type { RequestPriority } from './quota.js';
import {
  type BcCart,
  type BcRedirectUrls,
  bcCartSchema,
  bcRedirectUrlsSchema,
} from './schemas/carts.js';
import { bcV3SingleEnvelope } from './schemas/envelope.js';

/** Options of every answer: the graph shows chosen options of both kinds of item. */
const CART_INCLUDE = ['line_items.physical_items.options', 'line_items.digital_items.options'];

/** One line of a cart write: a catalog product, optionally its variant, and how many. */
export interface CartLineItemRequest {
  productId: number;
  variantId?: number;
  quantity: number;
}

const toLineItemBody = (item: CartLineItemRequest) => ({
  product_id: item.productId,
  ...(item.variantId === undefined ? {} : { variant_id: item.variantId }),
  quantity: item.quantity,
});

/**
 * Carts v3 (carts.v3.yml): create, line items, customer assignment, redirect URLs. Over one
 * request's HttpClient. Writes are POSTs BigCommerce does not deduplicate, so they are not retried
 * (the client's policy); refusals surface as `UpstreamInputError` with BigCommerce's `errors`.
 */
export class CartsApi {
  constructor(
    private readonly http: HttpClient,
    private readonly options: { requestId?: string; priority?: RequestPriority } = {},
  ) {}

  /** `GET /v3/carts/{cartId}`; null when there is no such cart. */
  async getCart(cartId: string): Promise<BcCart | null> {
    try {
      return await this.http.getV3(this.request(this.path(cartId), {}), bcCartSchema);
    } catch (error) {
      if (error instanceof UpstreamNotFoundError) return null;
      throw error;
    }
  }

  /** `POST /v3/carts`: a guest cart without `customerId`. */
  createCart(input: {
    customerId?: number;
    lineItems: readonly CartLineItemRequest[];
  }): Promise<BcCart> {
    const body = {
      ...(input.customerId === undefined ? {} : { customer_id: input.customerId }),
      line_items: input.lineItems.map(toLineItemBody),
    };
    return this.http.sendV3({ ...this.request('/v3/carts', {}), body }, bcCartSchema);
  }

  /** `POST /v3/carts/{cartId}/items`. */
  addLineItems(
    cartId: string,
    lineItems: readonly CartLineItemRequest[],
    version?: number,
  ): Promise<BcCart> {
    const body = { line_items: lineItems.map(toLineItemBody), ...versioned(version) };
    return this.http.sendV3(
      { ...this.request(`${this.path(cartId)}/items`, {}), body },
      bcCartSchema,
    );
  }

  /** `PUT /v3/carts/{cartId}/items/{itemId}`: a new quantity of the line's own product and variant. */
  updateLineItem(
    cartId: string,
    itemId: string,
    item: CartLineItemRequest,
    version?: number,
  ): Promise<BcCart> {
    const body = { line_item: toLineItemBody(item), ...versioned(version) };
    const path = `${this.path(cartId)}/items/${encodeURIComponent(itemId)}`;
    return this.http.sendV3({ ...this.request(path, {}), method: 'PUT', body }, bcCartSchema);
  }

  /** `DELETE /v3/carts/{cartId}/items/{itemId}`: null when that was the last item (BigCommerce's 204: the cart is gone). */
  async deleteLineItem(cartId: string, itemId: string): Promise<BcCart | null> {
    const path = `${this.path(cartId)}/items/${encodeURIComponent(itemId)}`;
    const { status, body } = await this.http.sendRaw({
      ...this.request(path, {}),
      method: 'DELETE',
    });
    if (status === 204 || body === undefined) return null;
    return bcV3SingleEnvelope(bcCartSchema).parse(body).data;
  }

  /** `DELETE /v3/carts/{cartId}`. */
  async deleteCart(cartId: string): Promise<void> {
    await this.http.sendRaw({ ...this.request(this.path(cartId), {}, false), method: 'DELETE' });
  }

  /** `PUT /v3/carts/{cartId}`: assigns the cart to a customer. */
  assignCustomer(cartId: string, customerId: number, version?: number): Promise<BcCart> {
    const body = { customer_id: customerId, ...versioned(version) };
    return this.http.sendV3(
      { ...this.request(this.path(cartId), {}), method: 'PUT', body },
      bcCartSchema,
    );
  }

  /** `POST /v3/carts/{cartId}/redirect_urls`: fresh single-use storefront links to the cart. */
  createRedirectUrls(cartId: string): Promise<BcRedirectUrls> {
    const req = { ...this.request(`${this.path(cartId)}/redirect_urls`, {}, false), body: {} };
    return this.http.sendV3(req, bcRedirectUrlsSchema);
  }

  private path(cartId: string): string {
    return `/v3/carts/${encodeURIComponent(cartId)}`;
  }

  private request(
    path: string,
    query: Record<string, QueryValue>,
    include = true,
  ): UpstreamRequest {
    return {
      path,
      query: include ? { include: CART_INCLUDE, ...query } : query,
      requestId: this.options.requestId,
      priority: this.options.priority,
    };
  }
}

/** `version`, when the caller expects one (optimistic concurrency: a stale one is a 409). */
export const versioned = (version: number | undefined) =>
  version === undefined ? {} : { version };
