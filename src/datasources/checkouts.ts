import type { HttpClient } from './http-client.js';
import type { RequestPriority } from './quota.js';

/** Checkouts v3 (checkouts.v3.yml): addresses, consignments, shipping options, coupons, orders. Over one request's HttpClient. */
export class CheckoutsApi {
  constructor(
    private readonly http: HttpClient,
    private readonly options: { requestId?: string; priority?: RequestPriority } = {},
  ) {}
}
