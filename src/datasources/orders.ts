import type { z } from 'zod';
import { UpstreamNotFoundError } from './errors.js';
import type { HttpClient, QueryValue, UpstreamRequest } from './http-client.js';
import type { RequestPriority } from './quota.js';
import {
  type BcOrder,
  type BcOrderProduct,
  type BcOrderShippingAddress,
  type BcShipment,
  bcOrderCountSchema,
  bcOrderProductSchema,
  bcOrderSchema,
  bcOrderShippingAddressSchema,
  bcShipmentSchema,
} from './schemas/orders.js';

/** v2 lists page at 50 by default; 250 is the largest page BigCommerce serves. */
export const MAX_V2_LIMIT = 250;

/** `GET /v2/orders` filters, named as BigCommerce's query parameters. */
export interface OrderListFilter {
  customer_id?: number;
  status_id?: number;
  cart_id?: string;
  min_id?: number;
  max_id?: number;
  /** RFC 2822 or ISO 8601. */
  min_date_created?: string;
  max_date_created?: string;
  /** @default 1 */
  page?: number;
  /** @default 50 */
  limit?: number;
  /**
   * A sort field with an optional direction. The spec's enum lists the bare fields, while its
   * description gives the direction suffix (`sort=date_created:desc`), which BigCommerce accepts.
   * @default 'id' (ascending)
   */
  sort?: `${OrderSortField}` | `${OrderSortField}:${'asc' | 'desc'}`;
}

export type OrderSortField = 'id' | 'date_created' | 'date_modified' | 'status_id';

/** `GET /v2/orders/count` filters: the list's, without paging and sorting. */
export type OrderCountFilter = Omit<OrderListFilter, 'page' | 'limit' | 'sort'>;

/** `orderShipment_Post`: what the gateway sends to create a shipment. */
export interface NewShipment {
  order_address_id: number;
  tracking_number: string;
  /** A standard provider (`ups`, `usps`...) or `''` with `tracking_carrier` naming the carrier. */
  shipping_provider: string;
  tracking_carrier?: string;
  items: { order_product_id: number; quantity: number }[];
}

/** Orders v2 (orders.v2.oas2.yml): orders, their products, shipping addresses, shipments, status. Over one request's HttpClient. */
export class OrdersApi {
  constructor(
    private readonly http: HttpClient,
    private readonly options: { requestId?: string; priority?: RequestPriority } = {},
  ) {}

  /** `GET /v2/orders/{id}`, or null when there is no such order. */
  async getOrder(orderId: number): Promise<BcOrder | null> {
    return nullWhenMissing(this.http.v2(this.request(`/v2/orders/${orderId}`), bcOrderSchema));
  }

  /** One page of `GET /v2/orders` (a `204` is an empty page). */
  listOrders(filter: OrderListFilter): Promise<BcOrder[]> {
    const query: Record<string, QueryValue> = { ...filter };
    return this.http.listV2(this.request('/v2/orders', query), bcOrderSchema);
  }

  /** `GET /v2/orders/count`: how many orders match. */
  async countOrders(filter: OrderCountFilter): Promise<number> {
    const query: Record<string, QueryValue> = { ...filter };
    return (await this.http.v2(this.request('/v2/orders/count', query), bcOrderCountSchema)).count;
  }

  /** Every line of an order, all pages read; an unknown order has none. */
  getOrderProducts(orderId: number): Promise<BcOrderProduct[]> {
    return this.allPages(`/v2/orders/${orderId}/products`, bcOrderProductSchema);
  }

  getShippingAddresses(orderId: number): Promise<BcOrderShippingAddress[]> {
    return this.allPages(`/v2/orders/${orderId}/shipping_addresses`, bcOrderShippingAddressSchema);
  }

  getShipments(orderId: number): Promise<BcShipment[]> {
    return this.allPages(`/v2/orders/${orderId}/shipments`, bcShipmentSchema);
  }

  /** `PUT /v2/orders/{id}` with `status_id` only. */
  updateOrderStatus(orderId: number, statusId: number): Promise<BcOrder> {
    const request = this.request(`/v2/orders/${orderId}`);
    return this.http.v2(
      { ...request, method: 'PUT', body: { status_id: statusId } },
      bcOrderSchema,
    );
  }

  /** `POST /v2/orders/{id}/shipments`: not retried once sent (a repeat would ship twice). */
  createShipment(orderId: number, shipment: NewShipment): Promise<BcShipment> {
    const request = this.request(`/v2/orders/${orderId}/shipments`);
    return this.http.v2({ ...request, method: 'POST', body: shipment }, bcShipmentSchema);
  }

  private request(path: string, query?: Record<string, QueryValue>): UpstreamRequest {
    return { path, query, requestId: this.options.requestId, priority: this.options.priority };
  }

  private async allPages<T>(path: string, schema: z.ZodType<T>): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; ; page++) {
      const query = { page, limit: MAX_V2_LIMIT };
      const found = await nullWhenMissing(this.http.listV2(this.request(path, query), schema));
      items.push(...(found ?? []));
      // v2 lists carry no pagination: a short page is the last.
      if (!found || found.length < MAX_V2_LIMIT) return items;
    }
  }
}

async function nullWhenMissing<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof UpstreamNotFoundError) return null;
    throw error;
  }
}
