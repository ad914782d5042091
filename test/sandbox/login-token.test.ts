import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import {
  type CustomerLoginLinks,
  createCustomerLoginLinks,
} from '../../src/auth/customer-login-url.js';

/** The sandbox's and the gateway's clock, moved by hand. */
const clock = { ms: 1_760_000_000_000 };
let sandbox: Sandbox;
let links: CustomerLoginLinks;

beforeAll(async () => {
  sandbox = await createSandbox({
    products: 5,
    clock: { now: () => clock.ms, sleep: async () => {} },
  });
  const made = createCustomerLoginLinks({
    storefrontUrl: sandbox.url,
    storeHash: sandbox.storeHash,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    now: () => clock.ms,
  });
  if (!made) throw new Error('links need the storefront, client id and secret');
  links = made;
});
afterAll(async () => {
  await sandbox?.close();
});

/** Follows nothing: the storefront's answer itself. */
async function open(link: string) {
  const res = await fetch(link, { redirect: 'manual' });
  await res.arrayBuffer();
  return {
    status: res.status,
    location: res.headers.get('location'),
    refusal: res.headers.get('x-sandbox-refusal'),
  };
}

/** A token signed by hand, for what the gateway never signs. */
async function handSigned(
  claims: Record<string, unknown>,
  { secret = sandbox.clientSecret, lifetimeS = 120, issuer = sandbox.clientId } = {},
) {
  const iat = Math.floor(clock.ms / 1000);
  const jwt = await new SignJWT({
    operation: 'customer_login',
    store_hash: sandbox.storeHash,
    customer_id: 1,
    ...claims,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(issuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetimeS)
    .setJti(crypto.randomUUID())
    .sign(new TextEncoder().encode(secret));
  return `${sandbox.url}/login/token/${jwt}`;
}

const loginPage = () => `${sandbox.url}/login.php`;

describe('GET /login/token/{jwt} (Customer Login API)', () => {
  it('signs a gateway link in once and redirects to its redirect_to on this origin', async () => {
    const link = await links.linkFor(1, '/checkout');
    expect(await open(link)).toEqual({
      status: 302,
      location: `${sandbox.url}/checkout`,
      refusal: null,
    });
    // The jti is spent: the same link again is refused.
    expect(await open(link)).toEqual({ status: 302, location: loginPage(), refusal: 'reused' });
  });

  it('keeps the query of a checkout URL and defaults to /account.php', async () => {
    const checkout = `${sandbox.url}/cart.php?action=loadInCheckout&id=abc`;
    expect((await open(await links.linkFor(1, checkout))).location).toBe(checkout);
    expect((await open(await handSigned({}))).location).toBe(`${sandbox.url}/account.php`);
  });

  it('refuses an expired link by the sandbox clock', async () => {
    const link = await links.linkFor(1, '/checkout');
    clock.ms += 301_000;
    try {
      expect(await open(link)).toMatchObject({ location: loginPage(), refusal: 'expired' });
    } finally {
      clock.ms -= 301_000;
    }
    // Not yet used: the refusal did not depend on the jti.
    expect((await open(link)).location).toBe(`${sandbox.url}/checkout`);
  });

  it('refuses a token signed with another secret, or for another store', async () => {
    const wrongSecret = await handSigned({}, { secret: 'not-the-client-secret' });
    expect(await open(wrongSecret)).toMatchObject({ location: loginPage(), refusal: 'signature' });
    const otherStore = createCustomerLoginLinks({
      storefrontUrl: sandbox.url,
      storeHash: 'another-store',
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
      now: () => clock.ms,
    });
    const link = await otherStore?.linkFor(1, '/');
    expect(await open(link ?? '')).toMatchObject({ location: loginPage(), refusal: 'store' });
  });

  it('refuses what the spec does not allow', async () => {
    const cases: [string, Record<string, unknown>, { lifetimeS?: number; issuer?: string }?][] = [
      ['claims', { operation: 'current_customer' }],
      ['claims', {}, { issuer: 'another-app' }],
      ['claims', {}, { lifetimeS: 600 }],
      ['customer', { customer_id: 999_999 }],
      ['redirect', { redirect_to: 'https://evil.example.com/' }],
      ['redirect', { redirect_to: '//evil.example.com/' }],
      ['ip', { request_ip: '203.0.113.9' }],
    ];
    for (const [refusal, claims, options] of cases) {
      const answer = await open(await handSigned(claims, options));
      expect({ claims, ...answer }).toEqual({
        claims,
        status: 302,
        location: loginPage(),
        refusal,
      });
    }
    expect(await open(`${sandbox.url}/login/token/not-a-jwt`)).toMatchObject({
      refusal: 'malformed',
    });
    expect((await open(await handSigned({ request_ip: '127.0.0.1' }))).refusal).toBeNull();
  });
});
