import { readFileSync } from 'node:fs';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  type CustomerLoginLinksOptions,
  createCustomerLoginLinks,
  LOGIN_LINK_LIFETIME_S,
} from '../../../src/auth/customer-login-url.js';

const NOW_MS = 1_760_000_000_500;
const OPTIONS: CustomerLoginLinksOptions = {
  storefrontUrl: 'https://shop.example.com',
  storeHash: 'abc123',
  clientId: 'client-id-1',
  clientSecret: 'client-secret-1',
  now: () => NOW_MS,
};

function links(overrides: Partial<CustomerLoginLinksOptions> = {}) {
  const made = createCustomerLoginLinks({ ...OPTIONS, ...overrides });
  if (!made) throw new Error('expected links');
  return made;
}

type SpecProperties = Record<string, { type: string } | undefined>;

/** The JWT of a link, checking the link's shape on the way. */
function tokenOf(link: string): string {
  const match = /^https:\/\/shop\.example\.com\/login\/token\/([\w-]+\.[\w-]+\.[\w-]+)$/.exec(link);
  if (!match?.[1]) throw new Error(`not a login link: ${link}`);
  return match[1];
}

describe('createCustomerLoginLinks', () => {
  it('is null unless the storefront URL, client id and client secret are all set', () => {
    const { storeHash } = OPTIONS;
    expect(createCustomerLoginLinks({ storeHash })).toBeNull();
    expect(createCustomerLoginLinks({ ...OPTIONS, storefrontUrl: undefined })).toBeNull();
    expect(createCustomerLoginLinks({ ...OPTIONS, clientId: '' })).toBeNull();
    expect(createCustomerLoginLinks({ ...OPTIONS, clientSecret: undefined })).toBeNull();
    expect(createCustomerLoginLinks(OPTIONS)).not.toBeNull();
  });

  it('signs the Customer Login claims with the client secret (HS256)', async () => {
    const link = await links().linkFor(7, '/checkout');
    const token = tokenOf(link);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, new TextEncoder().encode('client-secret-1'), {
      algorithms: ['HS256'],
      currentDate: new Date(NOW_MS),
    });
    const iat = Math.floor(NOW_MS / 1000);
    expect(payload).toEqual({
      iss: 'client-id-1',
      iat,
      exp: iat + LOGIN_LINK_LIFETIME_S,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      operation: 'customer_login',
      store_hash: 'abc123',
      customer_id: 7,
      redirect_to: '/checkout',
    });
    await expect(
      jwtVerify(token, new TextEncoder().encode('another-secret'), { algorithms: ['HS256'] }),
    ).rejects.toThrow();
  });

  it('uses the claim names and JSON types of customerLoginSSO (customer_login.yml)', async () => {
    const spec = parse(
      readFileSync(
        new URL('../../fixtures/bigcommerce/openapi/customer_login.yml', import.meta.url),
        'utf8',
      ),
    ) as { components: { schemas: { customerLoginSSO: { properties: SpecProperties } } } };
    const properties = spec.components.schemas.customerLoginSSO.properties;
    const payload = decodeJwt(tokenOf(await links().linkFor(7, '/checkout')));
    // `exp` is the JWT standard's own claim, beside the spec's.
    const { exp, ...claims } = payload;
    expect(typeof exp).toBe('number');
    for (const [name, value] of Object.entries(claims)) {
      const type = properties[name]?.type;
      expect({ name, type }).toEqual({
        name,
        type: Number.isInteger(value) ? 'integer' : typeof value,
      });
    }
    // Every claim the spec has, but the optional request_ip.
    expect(Object.keys(claims).sort()).toEqual(
      Object.keys(properties)
        .filter((name) => name !== 'request_ip')
        .sort(),
    );
  });

  it('lives at most 5 minutes', async () => {
    const { iat, exp } = decodeJwt(tokenOf(await links().linkFor(7, '/')));
    expect(LOGIN_LINK_LIFETIME_S).toBeLessThanOrEqual(300);
    expect(exp! - iat!).toBe(LOGIN_LINK_LIFETIME_S);
    const secret = new TextEncoder().encode('client-secret-1');
    const link = await links().linkFor(7, '/');
    const later = (seconds: number) =>
      jwtVerify(tokenOf(link), secret, { currentDate: new Date(NOW_MS + seconds * 1000) });
    await expect(later(LOGIN_LINK_LIFETIME_S - 1)).resolves.toBeDefined();
    await expect(later(LOGIN_LINK_LIFETIME_S + 1)).rejects.toThrow(/exp/);
  });

  it('gives every link its own jti', async () => {
    const made = links();
    const jtis = new Set<unknown>();
    for (let i = 0; i < 20; i++) jtis.add(decodeJwt(tokenOf(await made.linkFor(7, '/'))).jti);
    expect(jtis.size).toBe(20);
  });

  it('sends a storefront URL as its relative path and refuses any other site', async () => {
    const made = links();
    const checkoutUrl = 'https://shop.example.com/cart.php?action=loadInCheckout&id=c-1&token=t';
    expect(decodeJwt(tokenOf(await made.linkFor(7, checkoutUrl))).redirect_to).toBe(
      '/cart.php?action=loadInCheckout&id=c-1&token=t',
    );
    for (const offsite of [
      'https://evil.example.com/',
      '//evil.example.com/x',
      'http://shop.example.com/',
      'javascript:alert(1)',
    ]) {
      await expect(made.linkFor(7, offsite)).rejects.toThrow(/storefront/);
    }
    await expect(made.linkFor(0, '/')).rejects.toThrow(/customerId/);
  });
});
