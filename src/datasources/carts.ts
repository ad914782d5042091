import type { HttpClient } from './http-client.js';
import type { RequestPriority } from './quota.js';

/** Carts v3 (carts.v3.yml): create, line items, customer assignment, redirect URLs. Over one request's HttpClient. */
export class CartsApi {
  constructor(
    private readonly http: HttpClient,
    private readonly options: { requestId?: string; priority?: RequestPriority } = {},
  ) {}
}
