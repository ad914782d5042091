import { SignJWT } from 'jose';
import { z } from 'zod';
import type { CustomerStore } from './store.js';

/** The token's life: the spec's example payload has `exp` 900 s after `iat`. */
const LIFETIME_S = 900;

/** `POST /__sandbox/current-customer-jwt`: whom the storefront believes is signed in. */
const mintBody = z.object({
  customerId: z.number().int().positive(),
  appClientId: z.string().min(1).optional(),
});

export interface CurrentCustomerJwtOptions {
  customers: CustomerStore;
  storeHash: string;
  /** The app's client id: `aud` and `application_id` of the token. */
  clientId: string;
  /** The app's client secret: the HS256 key. */
  clientSecret: string;
  /** Milliseconds since the epoch; the sandbox clock when one is injected. */
  now: () => number;
}

export interface ControlAnswer {
  status: number;
  body: unknown;
}

/**
 * Mints the JWT a Stencil storefront answers at `/customer/current.jwt?app_client_id=...` for a
 * signed-in shopper (`current_customer.yml`): HS256 with the app's client secret, the payload as
 * the spec's example shows it (`group_id` a string there). The sandbox has no storefront session,
 * so a test names the customer instead.
 */
export function createCurrentCustomerJwtMinter(options: CurrentCustomerJwtOptions) {
  const key = new TextEncoder().encode(options.clientSecret);
  return async (body: unknown): Promise<ControlAnswer> => {
    const parsed = mintBody.safeParse(body);
    if (!parsed.success) {
      return fail(400, 'Expected { customerId: positive integer, appClientId?: string }');
    }
    const { customerId, appClientId = options.clientId } = parsed.data;
    // A storefront signs only for the app whose client id it was given.
    if (appClientId !== options.clientId) return fail(400, 'Unknown app client id');
    const customer = options.customers.getCustomer(customerId);
    if (!customer) return fail(404, 'No such customer');
    const iat = Math.floor(options.now() / 1000);
    const token = await new SignJWT({
      customer: {
        id: customer.id,
        email: customer.email,
        group_id: String(customer.customer_group_id),
      },
      version: 1,
      application_id: options.clientId,
      store_hash: options.storeHash,
      operation: 'current_customer',
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('bc/apps')
      .setSubject(options.storeHash)
      .setAudience(options.clientId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + LIFETIME_S)
      .sign(key);
    return { status: 200, body: { token } };
  };
}

const fail = (status: number, title: string): ControlAnswer => ({
  status,
  body: { status, title },
});
