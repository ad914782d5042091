import { decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMER_CREDENTIALS } from '../../sandbox/customers/seed.js';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import { captureLogger, type LogLine } from '../helpers/log-capture.js';
import { sharedRedisAvailable, sharedRedisUrl } from '../helpers/redis-server.js';
import { type Stack, startStack } from '../helpers/stack.js';

const SECRET = 'integration-session-secret-0123456789abcdef';
const ACCESS_TTL_S = 900;
const ATTEMPTS_PER_ACCOUNT = 3;
const ATTEMPTS_PER_IP = 5;
const redisUp = await sharedRedisAvailable();

const LOGIN = /* GraphQL */ `
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      __typename
      ... on CustomerSession { accessToken refreshToken expiresAt customer { entityId email } }
      ... on Error { message code field }
      ... on TooManyAttemptsError { retryAfterSeconds }
    }
  }
`;
const REFRESH = /* GraphQL */ `
  mutation Refresh($token: String!) {
    refreshSession(input: { refreshToken: $token }) {
      __typename
      ... on CustomerSession { accessToken refreshToken expiresAt }
      ... on Error { message code field }
    }
  }
`;
const CURRENT_CUSTOMER_LOGIN = /* GraphQL */ `
  mutation Exchange($token: String!) {
    loginWithCurrentCustomerToken(input: { token: $token }) {
      __typename
      ... on CustomerSession { accessToken customer { entityId } }
      ... on Error { message code field }
    }
  }
`;
const ME = /* GraphQL */ `{
  me {
    id entityId email firstName lastName company phone customerGroupEntityId
    addresses { entityId firstName lastName address1 city stateOrProvince postalCode countryCode addressType }
    storeCredit { amount currencyCode }
  }
}`;
const NODE = `query Node($id: ID!) { node(id: $id) { id ... on Customer { entityId email } } }`;

interface Session {
  __typename: 'CustomerSession';
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  customer: { entityId: number; email: string } | null;
}
type LoginResult =
  | Session
  | { __typename: string; message: string; code: string; field: string | null };

const globalId = (typename: string, id: number) =>
  Buffer.from(`${typename}:${id}`).toString('base64');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

let sandbox: Sandbox;
let stack: Stack;
let offsetMs = 0;
const logs = captureLogger('info');
// Each test speaks from its own address (through a trusted proxy), so per-IP counts stay apart.
let ipCounter = 0;
let ip: Record<string, string>;

beforeAll(async () => {
  sandbox = await createSandbox({ products: 5 });
  stack = await startStack({
    sandboxInstance: sandbox,
    logger: logs.logger,
    env: {
      SESSION_SIGNING_SECRET: SECRET,
      SESSION_ACCESS_TTL_S: String(ACCESS_TTL_S),
      BIGCOMMERCE_CLIENT_ID: sandbox.clientId,
      BIGCOMMERCE_CLIENT_SECRET: sandbox.clientSecret,
      LOGIN_ATTEMPTS_PER_ACCOUNT: `${ATTEMPTS_PER_ACCOUNT}/15m`,
      LOGIN_ATTEMPTS_PER_IP: `${ATTEMPTS_PER_IP}/15m`,
      TRUST_PROXY: 'loopback',
    },
    deps: { now: () => Date.now() + offsetMs },
  });
});
afterAll(async () => {
  await stack?.close();
  await sandbox?.close();
});
beforeEach(() => {
  offsetMs = 0;
  ip = { 'x-forwarded-for': `198.51.100.${++ipCounter}` };
  sandbox.counters.reset();
  logs.lines.length = 0;
});

async function login(
  email: string,
  password: string,
  headers: Record<string, string> = ip,
): Promise<LoginResult> {
  const { body } = await stack.query<{ login: LoginResult }>(
    LOGIN,
    { input: { email, password } },
    headers,
  );
  expect(body.errors).toBeUndefined();
  return body.data!.login;
}

async function signIn(): Promise<Session> {
  const result = await login(DEMO_CUSTOMER_CREDENTIALS.email, DEMO_CUSTOMER_CREDENTIALS.password);
  expect(result.__typename).toBe('CustomerSession');
  return result as Session;
}

async function refresh(token: string) {
  const { body } = await stack.query<{ refreshSession: LoginResult }>(REFRESH, { token }, ip);
  expect(body.errors).toBeUndefined();
  return body.data!.refreshSession;
}

async function me(token: string) {
  return stack.query<{ me: { entityId: number; email: string } | null }>(
    ME,
    {},
    {
      ...ip,
      ...bearer(token),
    },
  );
}

const auditLines = (): LogLine[] => logs.lines.filter((line) => line.audit === true);

describe('login', () => {
  it('signs the demo customer in, and `me` answers with the access token', async () => {
    const session = await signIn();
    expect(session.customer).toEqual({ entityId: 1, email: DEMO_CUSTOMER_CREDENTIALS.email });
    expect(session.refreshToken).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
    const expiresInS = (Date.parse(session.expiresAt) - Date.now()) / 1000;
    expect(expiresInS).toBeGreaterThan(ACCESS_TTL_S - 10);
    expect(expiresInS).toBeLessThanOrEqual(ACCESS_TTL_S);

    const { body, response } = await me(session.accessToken);
    expect(response.status).toBe(200);
    expect(body.errors).toBeUndefined();
    const own = sandbox.store.customers.getCustomer(1)!;
    expect(body.data!.me).toMatchObject({
      id: globalId('Customer', 1),
      entityId: 1,
      email: own.email,
      firstName: own.first_name,
      lastName: own.last_name,
      customerGroupEntityId: own.customer_group_id,
    });
    const shown = body.data!.me as unknown as { addresses: unknown[]; storeCredit: unknown[] };
    expect(shown.addresses.length).toBe(sandbox.store.customers.addressesOf(1).length);
    expect(shown.addresses.length).toBeGreaterThan(0);
    // The demo customer's credit of 25 (a JSON number upstream) as text with the two USD digits.
    expect(sandbox.store.customers.storeCredit.get(1)).toEqual([{ amount: 25 }]);
    expect(shown.storeCredit).toEqual([{ amount: '25.00', currencyCode: 'USD' }]);
  });

  it('is null for anonymous callers', async () => {
    const { body } = await stack.query(ME, {}, ip);
    expect(body).toEqual({ data: { me: null } });
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const wrongPassword = await login(DEMO_CUSTOMER_CREDENTIALS.email, 'not-the-password');
    const unknownEmail = await login('nobody-here@example.com', 'not-the-password');
    expect(wrongPassword).toEqual({
      __typename: 'InvalidCredentialsError',
      message: 'The email or password is not correct.',
      code: 'INVALID_CREDENTIALS',
      field: null,
    });
    expect(unknownEmail).toEqual(wrongPassword);
    // Both cost exactly the credential check upstream.
    expect(sandbox.counters.total()).toBe(2);
  });

  it('refuses an account after too many attempts, even with the right password', async () => {
    // An account of its own: the demo customer signs in throughout this file.
    const target = sandbox.store.customers.getCustomer(5)!;
    sandbox.store.customers.setPassword(5, 'the-right-password');
    for (let attempt = 0; attempt < ATTEMPTS_PER_ACCOUNT; attempt++) {
      // A new address each time: the account's count, not the address's, refuses the next one.
      const from = { 'x-forwarded-for': `203.0.113.${attempt + 1}` };
      const email = attempt % 2 === 0 ? target.email.toUpperCase() : target.email;
      expect((await login(email, `wrong-${attempt}`, from)).__typename).toBe(
        'InvalidCredentialsError',
      );
    }
    sandbox.counters.reset();
    const refused = await login(` ${target.email} `, 'the-right-password');
    expect(refused).toMatchObject({
      __typename: 'TooManyAttemptsError',
      message: 'Too many sign-in attempts. Try again later.',
      code: 'TOO_MANY_ATTEMPTS',
      field: null,
    });
    const retryAfter = (refused as unknown as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Refused before the credentials are checked.
    expect(sandbox.counters.total()).toBe(0);
  });

  it('refuses an address after too many attempts, whatever the account', async () => {
    for (let attempt = 0; attempt < ATTEMPTS_PER_IP; attempt++) {
      const result = await login(`guess-${attempt}@example.com`, 'guess');
      expect(result.__typename).toBe('InvalidCredentialsError');
    }
    const refused = await login('yet-another@example.com', 'guess');
    expect(refused.__typename).toBe('TooManyAttemptsError');
  });
});

describe('access tokens', () => {
  let session: Session;
  let kid: string | undefined;
  const key = new TextEncoder().encode(SECRET);

  beforeAll(async () => {
    // Runs before the file's beforeEach: an address of its own, not the last test's.
    ip = { 'x-forwarded-for': '192.0.2.200' };
    session = await signIn();
    kid = decodeProtectedHeader(session.accessToken).kid;
  });

  const claims = () => ({ sub: '1', grp: 0, sid: sessionIdOf(session) });
  const signed = (
    secret: Uint8Array,
    overrides: { iss?: string; aud?: string } = {},
  ): Promise<string> =>
    new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid })
      .setIssuer(overrides.iss ?? 'bcgw')
      .setAudience(overrides.aud ?? `bcgw:store:${sandbox.storeHash}`)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(secret);

  async function expectRefused(token: string) {
    sandbox.counters.reset();
    const { body, response } = await me(token);
    expect(response.status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(sandbox.counters.total()).toBe(0);
  }

  it('accepts a token the test signs like the gateway does (so the refusals below are each for one reason)', async () => {
    const { response, body } = await me(await signed(key));
    expect(response.status).toBe(200);
    expect(body.data?.me?.entityId).toBe(1);
  });

  it('refuses a tampered token', async () => {
    const [header, payload, signature] = session.accessToken.split('.');
    const changed = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    changed.sub = '2';
    const forged = Buffer.from(JSON.stringify(changed)).toString('base64url');
    await expectRefused(`${header}.${forged}.${signature}`);
  });

  it('refuses an expired token (clock moved past its life)', async () => {
    offsetMs = (ACCESS_TTL_S + 60) * 1000;
    await expectRefused(session.accessToken);
    offsetMs = 0;
    expect((await me(session.accessToken)).response.status).toBe(200);
  });

  it('refuses a token signed with another secret', async () => {
    await expectRefused(
      await signed(new TextEncoder().encode('another-secret-of-at-least-32-chars!!')),
    );
  });

  it('refuses a token of another issuer or another store', async () => {
    await expectRefused(await signed(key, { iss: 'someone-else' }));
    await expectRefused(await signed(key, { aud: 'bcgw:store:another-store' }));
  });

  it('refuses alg none and RS256 tokens', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const body = {
      ...claims(),
      iss: 'bcgw',
      aud: `bcgw:store:${sandbox.storeHash}`,
      iat: now,
      exp: now + 600,
    };
    await expectRefused(`${encode({ alg: 'none', typ: 'at+jwt', kid })}.${encode(body)}.`);
    const { privateKey } = await generateKeyPair('RS256');
    const rs256 = await new SignJWT(body)
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid })
      .sign(privateKey);
    await expectRefused(rs256);
  });
});

describe('refresh', () => {
  it('rotates the pair; the old refresh token then fails and ends the session', async () => {
    const first = await signIn();
    const second = await refresh(first.refreshToken);
    expect(second.__typename).toBe('CustomerSession');
    const rotated = second as Session;
    expect(rotated.refreshToken).not.toBe(first.refreshToken);
    expect((await me(rotated.accessToken)).body.data?.me?.entityId).toBe(1);

    const reused = await refresh(first.refreshToken);
    expect(reused).toEqual({
      __typename: 'InvalidRefreshTokenError',
      message: 'The refresh token is not valid: sign in again.',
      code: 'INVALID_REFRESH_TOKEN',
      field: 'input.refreshToken',
    });
    // The reuse revoked the whole session: its newest tokens stop working too.
    expect((await me(rotated.accessToken)).response.status).toBe(401);
    expect((await refresh(rotated.refreshToken)).__typename).toBe('InvalidRefreshTokenError');
  });

  it('refuses an unknown or malformed refresh token without ending anything', async () => {
    const session = await signIn();
    const [sessionId] = session.refreshToken.split('.');
    const guessed = `${sessionId}.${'A'.repeat(43)}`;
    expect((await refresh(guessed)).__typename).toBe('InvalidRefreshTokenError');
    expect((await refresh('not-a-token')).__typename).toBe('InvalidRefreshTokenError');
    // A forged token naming a real session does not let a stranger end it.
    expect((await me(session.accessToken)).response.status).toBe(200);
    expect((await refresh(session.refreshToken)).__typename).toBe('CustomerSession');
  });

  it('refuses a refresh token whose session has expired', async () => {
    const session = await signIn();
    offsetMs = 31 * 86_400_000;
    expect((await refresh(session.refreshToken)).__typename).toBe('InvalidRefreshTokenError');
  });
});

describe('logout', () => {
  it('stops the access token at once, and its refresh token', async () => {
    const session = await signIn();
    const { body } = await stack.query(
      'mutation { logout { sessionEnded } }',
      {},
      { ...ip, ...bearer(session.accessToken) },
    );
    expect(body).toEqual({ data: { logout: { sessionEnded: true } } });
    sandbox.counters.reset();
    expect((await me(session.accessToken)).response.status).toBe(401);
    expect(sandbox.counters.total()).toBe(0);
    expect((await refresh(session.refreshToken)).__typename).toBe('InvalidRefreshTokenError');
  });

  it('is FORBIDDEN for anonymous callers', async () => {
    const { body } = await stack.query('mutation { logout { sessionEnded } }', {}, ip);
    expect(body.data).toEqual({ logout: null });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('node(id:) of a customer', () => {
  it('answers only the customer themself; another customer’s id answers like a missing one', async () => {
    const session = await signIn();
    const ask = (id: number, headers: Record<string, string>) =>
      stack.query(NODE, { id: globalId('Customer', id) }, headers);
    const signedIn = { ...ip, ...bearer(session.accessToken) };

    const own = await ask(1, signedIn);
    expect(own.body).toEqual({
      data: {
        node: { id: globalId('Customer', 1), entityId: 1, email: DEMO_CUSTOMER_CREDENTIALS.email },
      },
    });
    sandbox.counters.reset();
    const other = await ask(2, signedIn);
    const missing = await ask(987_654, signedIn);
    expect(sandbox.store.customers.getCustomer(2)).toBeDefined();
    expect(other.body).toEqual({ data: { node: null } });
    expect(other.body).toEqual(missing.body);
    expect(other.response.status).toBe(missing.response.status);
    expect(sandbox.counters.total()).toBe(0);
    // Nobody else sees the customer either.
    expect((await ask(1, ip)).body).toEqual({ data: { node: null } });
  });
});

describe('loginWithCurrentCustomerToken', () => {
  const mint = async (from: Sandbox, customerId: number): Promise<string> => {
    const response = await fetch(`${from.url}/__sandbox/current-customer-jwt`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerId }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { token: string }).token;
  };
  const exchange = async (token: string, on: Stack = stack) => {
    const { body } = await on.query<{ loginWithCurrentCustomerToken: LoginResult }>(
      CURRENT_CUSTOMER_LOGIN,
      { token },
      ip,
    );
    expect(body.errors).toBeUndefined();
    return body.data!.loginWithCurrentCustomerToken;
  };

  it('exchanges a storefront token for a session', async () => {
    const result = await exchange(await mint(sandbox, 3));
    expect(result).toMatchObject({ __typename: 'CustomerSession', customer: { entityId: 3 } });
    const { body } = await me((result as Session).accessToken);
    expect(body.data?.me?.entityId).toBe(3);
  });

  it('refuses a token signed with another secret or issued for another store', async () => {
    const otherSecret = await createSandbox({ products: 1, clientSecret: 'not-the-app-secret' });
    const otherStore = await createSandbox({
      products: 1,
      storeHash: 'otherstore',
      clientSecret: sandbox.clientSecret,
    });
    try {
      for (const token of [await mint(otherSecret, 1), await mint(otherStore, 1)]) {
        expect(await exchange(token)).toEqual({
          __typename: 'InvalidCustomerTokenError',
          message: 'The storefront customer token is not valid or has expired.',
          code: 'INVALID_CUSTOMER_TOKEN',
          field: 'input.token',
        });
      }
    } finally {
      await Promise.all([otherSecret.close(), otherStore.close()]);
    }
  });

  it('refuses an expired storefront token', async () => {
    const token = await mint(sandbox, 1);
    offsetMs = 16 * 60_000;
    expect((await exchange(token)).__typename).toBe('InvalidCustomerTokenError');
  });

  it('answers LoginMethodUnavailableError on a gateway without the client secret', async () => {
    const bare = await startStack({
      sandboxInstance: sandbox,
      // Empty is unset: this gateway has no client secret.
      env: { SESSION_SIGNING_SECRET: SECRET, BIGCOMMERCE_CLIENT_SECRET: '' },
    });
    try {
      expect(await exchange(await mint(sandbox, 1), bare)).toMatchObject({
        __typename: 'LoginMethodUnavailableError',
        code: 'LOGIN_METHOD_UNAVAILABLE',
      });
    } finally {
      await bare.close();
    }
  });
});

describe.skipIf(!redisUp)('two replicas sharing Redis', () => {
  it('see one session: started on one, refreshed on the other, a reuse ending it on both', async () => {
    const shared = await createSandbox({
      products: 1,
      storeHash: `it${Date.now().toString(36)}${ipCounter}`,
    });
    const env = { REDIS_URL: sharedRedisUrl, SESSION_SIGNING_SECRET: SECRET };
    const a = await startStack({ sandboxInstance: shared, env });
    const b = await startStack({ sandboxInstance: shared, env });
    try {
      const { body } = await a.query<{ login: LoginResult }>(LOGIN, {
        input: DEMO_CUSTOMER_CREDENTIALS,
      });
      const session = body.data!.login as Session;
      const meOn = async (on: Stack, token: string) =>
        (await on.query<{ me: { entityId: number } | null }>(ME, {}, bearer(token))).response
          .status;
      expect(await meOn(b, session.accessToken)).toBe(200);
      const { body: refreshed } = await b.query<{ refreshSession: LoginResult }>(REFRESH, {
        token: session.refreshToken,
      });
      const rotated = refreshed.data!.refreshSession as Session;
      expect(rotated.__typename).toBe('CustomerSession');
      const { body: reused } = await a.query<{ refreshSession: LoginResult }>(REFRESH, {
        token: session.refreshToken,
      });
      expect(reused.data!.refreshSession.__typename).toBe('InvalidRefreshTokenError');
      expect(await meOn(b, rotated.accessToken)).toBe(401);
      expect(await meOn(a, rotated.accessToken)).toBe(401);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await shared.close();
    }
  });
});

describe('audit', () => {
  it('writes one line per sign-in, refresh and sign-out, with no secret in any line', async () => {
    const failed = await login(DEMO_CUSTOMER_CREDENTIALS.email, 'a-wrong-password');
    expect(failed.__typename).toBe('InvalidCredentialsError');
    const session = await signIn();
    const rotated = (await refresh(session.refreshToken)) as Session;
    await stack.query(
      'mutation { logout { sessionEnded } }',
      {},
      {
        ...ip,
        ...bearer(rotated.accessToken),
      },
    );

    const lines = auditLines();
    expect(lines.map((l) => [l.operation, l.outcome, l.reason])).toEqual([
      ['login', 'rejected', 'invalid_credentials'],
      ['login', 'success', undefined],
      ['refreshSession', 'success', undefined],
      ['logout', 'success', undefined],
    ]);
    expect(lines[0]).toMatchObject({ viewer: 'anonymous', clientIp: ip['x-forwarded-for'] });
    expect(lines[1]).toMatchObject({ subjectViewer: 'customer', subjectCustomerId: 1 });
    expect(lines[3]).toMatchObject({ viewer: 'customer', customerId: 1 });
    // The same account has the same pseudonym, so failures on it can be counted.
    expect(lines[0]!.account).toBe(lines[1]!.account);

    const text = JSON.stringify(logs.lines);
    for (const secret of [
      DEMO_CUSTOMER_CREDENTIALS.email,
      DEMO_CUSTOMER_CREDENTIALS.password,
      'a-wrong-password',
      session.accessToken,
      session.refreshToken,
      session.refreshToken.split('.')[1]!,
      rotated.accessToken,
      rotated.refreshToken.split('.')[1]!,
      SECRET,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});

/** The session id: the first part of the refresh token, and the access token's `sid`. */
function sessionIdOf(session: Session): string {
  return session.refreshToken.split('.')[0]!;
}
