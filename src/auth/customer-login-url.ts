import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';

/**
 * BigCommerce's Customer Login API: a link `{storefront}/login/token/{jwt}` that signs a customer
 * in on the storefront and sends them on to `redirect_to`, so a shopper handed over to the hosted
 * checkout arrives signed in. The JWT is HS256 with the app's client secret, `iss` the client id,
 * with `store_hash`, `customer_id`, a single-use `jti`, and lives at most 5 minutes.
 */
export interface CustomerLoginLinks {
  /**
   * A one-time sign-in link for `customerId` that lands on `redirectTo`: a storefront path
   * (`/checkout`) or an absolute URL on the storefront's origin (a cart's `checkout_url`), sent as
   * the relative path the spec asks for.
   * @throws Error when `redirectTo` leads off the storefront, or `customerId` is not an id.
   */
  linkFor(customerId: number, redirectTo: string): Promise<string>;
}

export interface CustomerLoginLinksOptions {
  readonly storefrontUrl: string;
  readonly storeHash: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * How long a link stays usable: BigCommerce's limit, 5 minutes. It is a bearer link, but a single
 * use one (`jti`), and an app fetches `checkoutUrl` as it hands the shopper over.
 */
export const LOGIN_LINK_LIFETIME_S = 300;

/** Null when the gateway lacks a storefront URL, client id or secret: links are then not signed. */
export function createCustomerLoginLinks(
  options: Partial<CustomerLoginLinksOptions> & { storeHash: string },
): CustomerLoginLinks | null {
  const { storefrontUrl, clientId, clientSecret, storeHash } = options;
  if (!storefrontUrl || !clientId || !clientSecret) return null;
  const storefront = new URL(storefrontUrl);
  const key = new TextEncoder().encode(clientSecret);
  const now = options.now ?? Date.now;
  return {
    async linkFor(customerId, redirectTo) {
      if (!Number.isSafeInteger(customerId) || customerId <= 0) {
        throw new Error('customer login link: customerId must be a positive integer');
      }
      const iat = Math.floor(now() / 1000);
      const jwt = await new SignJWT({
        operation: 'customer_login',
        store_hash: storeHash,
        customer_id: customerId,
        redirect_to: toStorefrontPath(redirectTo, storefront),
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(clientId)
        .setIssuedAt(iat)
        .setExpirationTime(iat + LOGIN_LINK_LIFETIME_S)
        .setJti(randomUUID())
        .sign(key);
      // The access point sits at the storefront's root (`customer_login.yml` serves `https://{store_domain}`).
      return `${storefront.origin}/login/token/${jwt}`;
    },
  };
}

/**
 * `redirect_to` is "a relative path" (`customer_login.yml`): a path is kept, a URL on the
 * storefront's own origin is cut to its path, anything else refused, so a link can never send a
 * signed-in shopper to another site.
 */
function toStorefrontPath(redirectTo: string, storefront: URL): string {
  const target = new URL(redirectTo, storefront);
  if (target.origin !== storefront.origin) {
    throw new Error('customer login link: redirectTo must be on the storefront');
  }
  return `${target.pathname}${target.search}${target.hash}`;
}
