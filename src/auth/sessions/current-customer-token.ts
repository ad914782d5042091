import { jwtVerify } from 'jose';
import { z } from 'zod';

/** What BigCommerce puts in `iss` of a Current Customer JWT (`current_customer.yml`). */
const BIGCOMMERCE_APPS_ISSUER = 'bc/apps';
const CLOCK_TOLERANCE_S = 5;

/**
 * The payload `/customer/current.jwt?app_client_id=…` answers, as the spec's example shows it:
 * `customer.group_id` is a string there, `store_hash` names the store, `operation` the purpose.
 */
const currentCustomerClaims = z.object({
  customer: z.object({
    id: z.number().int().positive(),
    email: z.string().optional(),
    group_id: z.union([z.string(), z.number()]).optional(),
  }),
  store_hash: z.string().min(1),
  operation: z.literal('current_customer'),
});

export interface CurrentCustomerTokenOptions {
  /** The app's client secret (`BIGCOMMERCE_CLIENT_SECRET`): the token's HS256 key. */
  readonly clientSecret: string;
  /** The app's client id; when known, the token's `aud` must be it. */
  readonly clientId: string | undefined;
  /** This gateway's store: a token a storefront of another store issued is refused. */
  readonly storeHash: string;
  readonly now: () => number;
}

/** Verifies a storefront's Current Customer JWT; resolves the customer id, or `undefined`. */
export type CurrentCustomerTokenVerifier = (token: string) => Promise<number | undefined>;

export function createCurrentCustomerTokenVerifier(
  options: CurrentCustomerTokenOptions,
): CurrentCustomerTokenVerifier {
  const key = new TextEncoder().encode(options.clientSecret);
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        issuer: BIGCOMMERCE_APPS_ISSUER,
        ...(options.clientId ? { audience: options.clientId } : {}),
        requiredClaims: ['exp', 'iat'],
        currentDate: new Date(options.now()),
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      const claims = currentCustomerClaims.safeParse(payload);
      if (!claims.success || claims.data.store_hash !== options.storeHash) return undefined;
      return claims.data.customer.id;
    } catch {
      return undefined;
    }
  };
}
