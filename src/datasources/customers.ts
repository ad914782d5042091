import type { z } from 'zod';
import { chunkForIn } from './catalog.js';
import { UpstreamInputError, UpstreamResponseError } from './errors.js';
import type { HttpClient, QueryValue, UpstreamRequest } from './http-client.js';
import { MAX_LIMIT, readAllPages } from './paging.js';
import type { RequestPriority } from './quota.js';
import {
  type BcCustomer,
  type BcCustomerAddress,
  type BcCustomerGroup,
  type BcStoredCard,
  bcAddressWriteAnswerSchema,
  bcCredentialsVerdictSchema,
  bcCustomerAddressSchema,
  bcCustomerGroupSchema,
  bcCustomerSchema,
  bcCustomerWriteAnswerSchema,
  bcStoredInstrumentsSchema,
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

/** A new customer (`customer_Post`); the password travels in the body only, never in a log. */
export interface NewCustomer {
  email: string;
  firstName: string;
  lastName: string;
  company?: string | undefined;
  phone?: string | undefined;
  password: string;
  /** The channel the customer may sign in to, and was created from. */
  channelId: number;
}

/** The fields of `customer_Put` the gateway changes; absent ones stay as they are. */
export interface CustomerChanges {
  firstName?: string | undefined;
  lastName?: string | undefined;
  company?: string | undefined;
  phone?: string | undefined;
  /** Back-office keys only: the group to move the customer to (0: none). */
  customerGroupId?: number | undefined;
}

/** An address book entry, in the fields `address_Post` / `address_Put` share. */
export interface AddressFields {
  firstName: string;
  lastName: string;
  company?: string | undefined;
  address1: string;
  address2?: string | undefined;
  city: string;
  stateOrProvince: string;
  postalCode: string;
  countryCode: string;
  phone?: string | undefined;
  addressType?: 'residential' | 'commercial' | undefined;
}

/**
 * One field BigCommerce refused in a customer or address write, named as the request named it
 * (`email`, `authentication.new_password`, `country_code`) without the batch index.
 */
export interface RefusedField {
  field: string;
  message: string;
}

/**
 * The fields of a refused write (`UpstreamInputError.fields`, keyed `0.email` for the first item
 * of an array body). Keys without a field (`.customer_create`) are left out: they only say the
 * call failed.
 */
export function refusedFields(error: UpstreamInputError): RefusedField[] {
  return Object.entries(error.fields).flatMap(([key, message]) => {
    const field = key.replace(/^\[?\d+\]?\./, '');
    return field === '' || field.startsWith('.') ? [] : [{ field, message }];
  });
}

/** Whether a refused create or update says the email belongs to another customer. */
export function isEmailTaken(error: unknown): boolean {
  return (
    error instanceof UpstreamInputError &&
    refusedFields(error).some(
      ({ field, message }) => field === 'email' && /in use|already|exists|taken/i.test(message),
    )
  );
}

// v2 lists page at 50 by default; 250 is their largest page too.
const V2_LIMIT = 250;

/** Customer reads, writes and credential checks over one request's HttpClient. */
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

  /** Addresses by id (any customer's: ownership is the caller's check), in id order. */
  async getAddressesByIds(ids: readonly number[]): Promise<BcCustomerAddress[]> {
    const chunks = chunkForIn(ids).map(async (chunk) => {
      const query = { 'id:in': chunk, limit: MAX_LIMIT };
      const request = this.request('/v3/customers/addresses', query);
      return (await this.http.listV3(request, bcCustomerAddressSchema)).data;
    });
    return (await Promise.all(chunks)).flat();
  }

  /**
   * `POST /v3/customers` with one customer. Not retried (a POST): a blind repeat could create a
   * second account. A refusal is an `UpstreamInputError` (see `isEmailTaken`, `refusedFields`).
   */
  async createCustomer(customer: NewCustomer): Promise<BcCustomer> {
    const body = [
      {
        email: customer.email,
        first_name: customer.firstName,
        last_name: customer.lastName,
        ...optional('company', customer.company),
        ...optional('phone', customer.phone),
        authentication: { new_password: customer.password },
        origin_channel_id: customer.channelId,
        channel_ids: [customer.channelId],
      },
    ];
    const [created] = await this.write('POST', '/v3/customers', body, bcCustomerWriteAnswerSchema);
    return created ?? missingFrom('POST /v3/customers');
  }

  /** `PUT /v3/customers` with one customer: only the given fields change. */
  async updateCustomer(customerId: number, changes: CustomerChanges): Promise<BcCustomer> {
    const body = [
      {
        id: customerId,
        ...optional('first_name', changes.firstName),
        ...optional('last_name', changes.lastName),
        ...optional('company', changes.company),
        ...optional('phone', changes.phone),
        ...(changes.customerGroupId === undefined
          ? {}
          : { customer_group_id: changes.customerGroupId }),
      },
    ];
    const [updated] = await this.write('PUT', '/v3/customers', body, bcCustomerWriteAnswerSchema);
    return updated ?? missingFrom('PUT /v3/customers');
  }

  /**
   * `POST /v3/customers/addresses` with one address. Null when the customer already has an
   * identical one: BigCommerce then changes nothing and leaves it out of the answer.
   */
  async createAddress(
    customerId: number,
    address: AddressFields,
  ): Promise<BcCustomerAddress | null> {
    const body = [{ ...toBcAddress(address), customer_id: customerId }];
    const path = '/v3/customers/addresses';
    const [created] = await this.write('POST', path, body, bcAddressWriteAnswerSchema);
    return created ?? null;
  }

  /** `PUT /v3/customers/addresses`; null when the change would duplicate another address. */
  async updateAddress(
    addressId: number,
    address: AddressFields,
  ): Promise<BcCustomerAddress | null> {
    const body = [{ ...toBcAddress(address), id: addressId }];
    const path = '/v3/customers/addresses';
    const [updated] = await this.write('PUT', path, body, bcAddressWriteAnswerSchema);
    return updated ?? null;
  }

  /** `DELETE /v3/customers/addresses?id:in=` (a 204). */
  async deleteAddresses(addressIds: readonly number[]): Promise<void> {
    if (addressIds.length === 0) return;
    const request = this.request('/v3/customers/addresses', { 'id:in': addressIds });
    await this.http.sendRaw({ ...request, method: 'DELETE' });
  }

  /**
   * Every customer group (`GET /v2/customer_groups`, all pages). v2 has no `id:in`: a store has
   * few groups, so one listing serves a whole batch of lookups.
   */
  async listCustomerGroups(): Promise<BcCustomerGroup[]> {
    const groups: BcCustomerGroup[] = [];
    for (let page = 1; ; page++) {
      const request = this.request('/v2/customer_groups', { page, limit: V2_LIMIT });
      const found = await this.http.listV2(request, bcCustomerGroupSchema);
      groups.push(...found);
      if (found.length < V2_LIMIT) return groups;
    }
  }

  /** The customer's saved cards (`GET /v3/customers/{customerId}/stored-instruments`, bare). */
  async getStoredCards(customerId: number): Promise<BcStoredCard[]> {
    const request = this.request(`/v3/customers/${customerId}/stored-instruments`, {});
    return this.http.v2(request, bcStoredInstrumentsSchema);
  }

  private async write<T>(
    method: 'POST' | 'PUT',
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
  ): Promise<T> {
    return this.http.sendV3({ ...this.request(path, {}), method, body }, schema);
  }

  private request(path: string, query: Record<string, QueryValue>): UpstreamRequest {
    return { path, query, requestId: this.options.requestId, priority: this.options.priority };
  }

  private allPages<T>(path: string, query: Record<string, QueryValue>, schema: z.ZodType<T>) {
    return readAllPages(this.http, (q) => this.request(path, q), query, schema);
  }
}

/** `{ [key]: value }` when the value is given: absent fields stay out of a write body. */
function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function toBcAddress(address: AddressFields): Record<string, string> {
  return {
    first_name: address.firstName,
    last_name: address.lastName,
    address1: address.address1,
    city: address.city,
    state_or_province: address.stateOrProvince,
    postal_code: address.postalCode,
    country_code: address.countryCode,
    ...optional('company', address.company),
    ...optional('address2', address.address2),
    ...optional('phone', address.phone),
    ...optional('address_type', address.addressType),
  };
}

function missingFrom(endpoint: string): never {
  throw new UpstreamResponseError(`${endpoint}: the answer holds no customer`);
}
