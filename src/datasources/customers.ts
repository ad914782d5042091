import type { z } from 'zod';
import { chunkForIn } from './catalog.js';
import { UpstreamResponseError } from './errors.js';
import type { HttpClient, QueryValue, UpstreamRequest } from './http-client.js';
import { MAX_LIMIT, readAllPages } from './paging.js';
import type { RequestPriority } from './quota.js';
import {
  type BcCustomer,
  type BcCustomerAddress,
  bcCredentialsVerdictSchema,
  bcCustomerAddressSchema,
  bcCustomerSchema,
} from './schemas/customers.js';

/** Customer sub-resources the gateway may ask `GET /v3/customers` for. */
export type CustomerInclude = 'addresses' | 'storecredit' | 'attributes' | 'formfields';

export interface CustomerShape {
  /** @default [] */
  include?: readonly CustomerInclude[];
}

export interface Credentials {
  email: string;
  /** Sent in the body only; the HTTP client never logs bodies. */
  password: string;
  /** The storefront channel to sign in to. @default BigCommerce's channel 1 */
  channelId?: number;
}

/** A credential check's outcome: the customer's id when (and only when) they match. */
export type CredentialsVerdict = { isValid: true; customerId: number } | { isValid: false };

/** Customer reads and credential checks over one request's HttpClient. */
export class CustomersApi {
  constructor(
    private readonly http: HttpClient,
    private readonly options: { requestId?: string; priority?: RequestPriority } = {},
  ) {}

  /** Customers by id, in upstream (id) order; ids with no customer are simply absent. */
  async getCustomersByIds(
    ids: readonly number[],
    shape: CustomerShape = {},
  ): Promise<BcCustomer[]> {
    const include = shape.include && shape.include.length > 0 ? shape.include : undefined;
    const calls = chunkForIn(ids).map(async (chunk) => {
      // An explicit `limit`: lists page at 50 by default and would drop rows.
      const query = { 'id:in': chunk, include, limit: MAX_LIMIT };
      return (await this.http.listV3(this.request('/v3/customers', query), bcCustomerSchema)).data;
    });
    return (await Promise.all(calls)).flat();
  }

  /** The customer with this email (compared without regard to case), or null. */
  async getCustomerByEmail(email: string, shape: CustomerShape = {}): Promise<BcCustomer | null> {
    // `email:in` is a comma-separated list: an address with a comma (legal when quoted) cannot be
    // asked for without naming two, and no customer email of a sign-in form has one.
    if (email.includes(',') || email === '') return null;
    const include = shape.include && shape.include.length > 0 ? shape.include : undefined;
    const query = { 'email:in': [email], include };
    const { data } = await this.http.listV3(this.request('/v3/customers', query), bcCustomerSchema);
    const wanted = email.toLowerCase();
    return data.find((customer) => customer.email?.toLowerCase() === wanted) ?? null;
  }

  /**
   * `POST /v3/customers/validate-credentials`. Not retried on 5xx or network errors (a POST):
   * BigCommerce rate-limits this endpoint against guessing, so a blind repeat costs the shopper.
   */
  async validateCredentials(credentials: Credentials): Promise<CredentialsVerdict> {
    const body: Record<string, unknown> = {
      email: credentials.email,
      password: credentials.password,
    };
    if (credentials.channelId !== undefined) body.channel_id = credentials.channelId;
    const request = {
      ...this.request('/v3/customers/validate-credentials', {}),
      method: 'POST' as const,
      body,
    };
    // The answer is a bare object, not a v3 envelope: `v2()` parses bare JSON.
    const verdict = await this.http.v2(request, bcCredentialsVerdictSchema);
    if (!verdict.is_valid) return { isValid: false };
    if (typeof verdict.customer_id !== 'number') {
      throw new UpstreamResponseError(
        'POST /v3/customers/validate-credentials: valid without a customer id',
      );
    }
    return { isValid: true, customerId: verdict.customer_id };
  }

  /** Every address of the customers, all pages read (a batch may hold more than 250). */
  async getAddressesByCustomerIds(customerIds: readonly number[]): Promise<BcCustomerAddress[]> {
    const chunks = chunkForIn(customerIds).map((chunk) =>
      this.allPages(
        '/v3/customers/addresses',
        { 'customer_id:in': chunk },
        bcCustomerAddressSchema,
      ),
    );
    return (await Promise.all(chunks)).flat();
  }

  private request(path: string, query: Record<string, QueryValue>): UpstreamRequest {
    return { path, query, requestId: this.options.requestId, priority: this.options.priority };
  }

  private allPages<T>(path: string, query: Record<string, QueryValue>, schema: z.ZodType<T>) {
    return readAllPages(this.http, (q) => this.request(path, q), query, schema);
  }
}
