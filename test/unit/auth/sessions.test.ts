import { randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccessTokenCodec } from '../../../src/auth/sessions/access-token.js';
import { createSessionService } from '../../../src/auth/sessions/session-service.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import { createRedisOwner, type RedisOwner } from '../../../src/redis/redis-owner.js';
import { captureLogger, LEVEL } from '../../helpers/log-capture.js';
import { sharedRedisAvailable, sharedRedisUrl } from '../../helpers/redis-server.js';

const OLD = 'the-old-signing-secret-0123456789abcdef';
const NEW = 'the-new-signing-secret-0123456789abcdef';
const CUSTOMER = { customerId: 4, customerGroupId: 1 };

const redisUp = await sharedRedisAvailable();
const owners: RedisOwner[] = [];
const redisOwner = () => {
  const owner = createRedisOwner({ url: sharedRedisUrl, logger: createLogger('silent') });
  owners.push(owner);
  return owner;
};
afterAll(async () => {
  await Promise.all(owners.map((owner) => owner.close()));
});

function service(
  secrets: string[],
  options: { now?: () => number; logger?: Logger; redis?: RedisOwner; storeHash?: string } = {},
) {
  const config = loadConfig({
    BIGCOMMERCE_STORE_HASH: options.storeHash ?? 'unitstore',
    BIGCOMMERCE_ACCESS_TOKEN: 'token',
    SESSION_ACCESS_TTL_S: '900',
    SESSION_REFRESH_TTL_S: '3600',
    ...(secrets.length > 0 ? { SESSION_SIGNING_SECRET: secrets.join(',') } : {}),
  });
  return createSessionService({
    config,
    redis: options.redis,
    logger: options.logger ?? createLogger('silent'),
    now: options.now,
  });
}

describe('session service', () => {
  it('signs an HS256 access token with the session id, customer, group and expiry', async () => {
    const now = Date.UTC(2026, 0, 1, 12);
    const sessions = service([NEW], { now: () => now });
    const tokens = await sessions.start(CUSTOMER);
    expect(decodeProtectedHeader(tokens.accessToken)).toMatchObject({
      alg: 'HS256',
      typ: 'at+jwt',
    });
    expect(decodeJwt(tokens.accessToken)).toEqual({
      iss: 'bcgw',
      aud: 'bcgw:store:unitstore',
      sub: '4',
      grp: 1,
      sid: tokens.sessionId,
      iat: now / 1000,
      exp: now / 1000 + 900,
    });
    expect(tokens.accessTokenExpiresAtMs).toBe(now + 900_000);
    expect(tokens.sessionExpiresAtMs).toBe(now + 3_600_000);
    expect(await sessions.verifyAccessToken(tokens.accessToken, '10.1.1.1')).toEqual({
      kind: 'customer',
      clientIp: '10.1.1.1',
      sessionId: tokens.sessionId,
      ...CUSTOMER,
    });
  });

  it('rotates signing keys: the newest signs, every configured one verifies', async () => {
    const codec = (secrets: string[]) =>
      createAccessTokenCodec({ secrets, storeHash: 'unitstore', now: Date.now });
    const [before, rotated, retired] = await Promise.all([
      codec([OLD]),
      codec([NEW, OLD]),
      codec([NEW]),
    ]);
    const claims = { customerId: 4, customerGroupId: 1, sessionId: 'sid' };
    const expires = Date.now() + 60_000;
    const old = await before.sign(claims, expires);
    const fresh = await rotated.sign(claims, expires);
    expect(await rotated.verify(old)).toEqual(claims);
    expect(await rotated.verify(fresh)).toEqual(claims);
    expect(await retired.verify(fresh)).toEqual(claims);
    expect(decodeProtectedHeader(fresh).kid).not.toBe(decodeProtectedHeader(old).kid);
    // Once the old secret is removed, what it signed fails.
    expect(await retired.verify(old)).toBeUndefined();
  });

  it('warns once, without a configured secret, that sessions die with the process', async () => {
    const { logger, lines } = captureLogger('info');
    const sessions = service([], { logger });
    const warnings = lines.filter((line) => line.level === LEVEL.warn);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toMatch(/random per-process secret.*restart.*replicas/);
    const tokens = await sessions.start(CUSTOMER);
    expect(await sessions.verifyAccessToken(tokens.accessToken, 'ip')).toBeDefined();
    expect(lines.filter((line) => line.level === LEVEL.warn)).toHaveLength(1);
  });

  it.skipIf(!redisUp)(
    'without a configured secret, a replica sharing the session store refuses the other’s tokens',
    async () => {
      const storeHash = `t${randomBytes(6).toString('hex')}`;
      const [a, b] = [redisOwner(), redisOwner()];
      await Promise.all([a.ready(), b.ready()]);
      const replicaA = service([], { redis: a, storeHash });
      const replicaB = service([], { redis: b, storeHash });
      const tokens = await replicaA.start(CUSTOMER);
      expect(await replicaA.verifyAccessToken(tokens.accessToken, 'ip')).toBeDefined();
      expect(await replicaB.verifyAccessToken(tokens.accessToken, 'ip')).toBeUndefined();
      // With one configured secret the same two replicas share sessions.
      const sharedA = service([NEW], { redis: a, storeHash });
      const sharedB = service([NEW], { redis: b, storeHash });
      const shared = await sharedA.start(CUSTOMER);
      expect(await sharedB.verifyAccessToken(shared.accessToken, 'ip')).toBeDefined();
      expect(await sharedB.revoke(shared.sessionId)).toBe(true);
      expect(await sharedA.verifyAccessToken(shared.accessToken, 'ip')).toBeUndefined();
    },
  );

  it('slides the session’s end on each refresh; past that end its refresh token fails', async () => {
    let now = Date.UTC(2026, 0, 1);
    const sessions = service([NEW], { now: () => now });
    const first = await sessions.start(CUSTOMER);
    now += 3_600_000 - 60_000;
    const outcome = await sessions.refresh(first.refreshToken);
    expect(outcome.kind).toBe('refreshed');
    if (outcome.kind !== 'refreshed') return;
    // Refreshing slides the session's end; the new access token still lives its 15 minutes.
    expect(outcome.tokens.sessionExpiresAtMs).toBe(now + 3_600_000);
    expect(outcome.tokens.accessTokenExpiresAtMs).toBe(now + 900_000);
    now = outcome.tokens.sessionExpiresAtMs;
    expect((await sessions.refresh(outcome.tokens.refreshToken)).kind).toBe('invalid');
  });
});
