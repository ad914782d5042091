import type { HttpClient } from './http-client.js';
import type { RequestPriority } from './quota.js';

/** Orders v2 (orders.v2.oas2.yml): orders, their products, shipping addresses, shipments, status. Over one request's HttpClient. */
export class OrdersApi {
  constructor(
    private readonly http: HttpClient,
    private readonly options: { requestId?: string; priority?: RequestPriority } = {},
  ) {}
}
