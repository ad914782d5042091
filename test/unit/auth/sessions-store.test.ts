import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLoginThrottle } from '../../../src/auth/sessions/login-throttle.js';
import { createRedisSessionStore } from '../../../src/auth/sessions/redis-session-store.js';
import {
  createMemorySessionStore,
  type Rotation,
  type SessionStore,
} from '../../../src/auth/sessions/session-store.js';
import { createLogger } from '../../../src/logger.js';
import { createRedisOwner, type RedisOwner } from '../../../src/redis/redis-owner.js';
import { sharedRedisAvailable, sharedRedisUrl } from '../../helpers/redis-server.js';

const redisUp = await sharedRedisAvailable();
if (!redisUp) console.warn(`Skipping the Redis session store runs: no Redis at ${sharedRedisUrl}`);

const owners: RedisOwner[] = [];
const redisOwner = () => {
  const owner = createRedisOwner({ url: sharedRedisUrl, logger: createLogger('silent') });
  owners.push(owner);
  return owner;
};
afterAll(async () => {
  await Promise.all(owners.map((owner) => owner.close()));
});
// A store hash of this run's own keeps its keys apart from other runs on the shared Redis.
const storeHash = () => `t${randomBytes(6).toString('hex')}`;

const NOW = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const record = { customerId: 7, customerGroupId: 2, refreshHash: 'h0', expiresAtMs: NOW + HOUR };
const rotation = (presentedHash: string, nextHash: string, over: Partial<Rotation> = {}) => ({
  presentedHash,
  nextHash,
  expiresAtMs: NOW + 2 * HOUR,
  nowMs: NOW,
  maxRotations: 100,
  ...over,
});

const stores: [string, () => Promise<SessionStore>][] = [
  ['memory', async () => createMemorySessionStore()],
];
if (redisUp) {
  stores.push([
    'redis',
    async () => {
      const owner = redisOwner();
      await owner.ready();
      return createRedisSessionStore(owner, storeHash());
    },
  ]);
}

describe.each(stores)('%s session store', (_name, makeStore) => {
  it('rotates with the current token only, then treats the used one as a reuse that ends the session', async () => {
    const store = await makeStore();
    await store.create('s1', record, NOW);
    expect(await store.isLive('s1', NOW)).toBe(true);
    expect(await store.rotate('s1', rotation('h0', 'h1'))).toEqual({
      kind: 'rotated',
      customerId: 7,
      customerGroupId: 2,
    });
    expect(await store.rotate('s1', rotation('h1', 'h2'))).toMatchObject({ kind: 'rotated' });
    // h0 was good once: presenting it again is a stolen copy in play.
    expect(await store.rotate('s1', rotation('h0', 'hx'))).toEqual({ kind: 'reused' });
    expect(await store.isLive('s1', NOW)).toBe(false);
    expect(await store.rotate('s1', rotation('h2', 'h3'))).toEqual({ kind: 'unknown' });
  });

  it('answers a token it never issued as unknown, leaving the session alone', async () => {
    const store = await makeStore();
    await store.create('s2', record, NOW);
    expect(await store.rotate('s2', rotation('forged', 'hx'))).toEqual({ kind: 'unknown' });
    expect(await store.rotate('nobody', rotation('h0', 'hx'))).toEqual({ kind: 'unknown' });
    expect(await store.isLive('s2', NOW)).toBe(true);
    expect(await store.rotate('s2', rotation('h0', 'h1'))).toMatchObject({ kind: 'rotated' });
  });

  it('lets exactly one of two concurrent refreshes with one token through', async () => {
    const store = await makeStore();
    await store.create('s3', record, NOW);
    const outcomes = await Promise.all([
      store.rotate('s3', rotation('h0', 'ha')),
      store.rotate('s3', rotation('h0', 'hb')),
    ]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['reused', 'rotated']);
    expect(await store.isLive('s3', NOW)).toBe(false);
  });

  it('refuses a session past its end, and one that has rotated its allowance', async () => {
    const store = await makeStore();
    await store.create('s4', record, NOW);
    const late = rotation('h0', 'h1', { nowMs: record.expiresAtMs });
    expect(await store.rotate('s4', late)).toEqual({ kind: 'unknown' });
    await store.create('s5', record, NOW);
    expect(await store.rotate('s5', rotation('h0', 'h1', { maxRotations: 1 }))).toMatchObject({
      kind: 'rotated',
    });
    expect(await store.rotate('s5', rotation('h1', 'h2', { maxRotations: 1 }))).toEqual({
      kind: 'exhausted',
    });
    expect(await store.isLive('s5', NOW)).toBe(false);
  });

  it('revokes at once', async () => {
    const store = await makeStore();
    await store.create('s6', record, NOW);
    expect(await store.revoke('s6')).toBe(true);
    expect(await store.isLive('s6', NOW)).toBe(false);
    expect(await store.revoke('s6')).toBe(false);
    expect(await store.rotate('s6', rotation('h0', 'h1'))).toEqual({ kind: 'unknown' });
  });
});

describe.skipIf(!redisUp)('login throttle in Redis', () => {
  it('counts one account across replicas, and a success forgets its failures', async () => {
    const hash = storeHash();
    const limits = {
      perAccount: { requests: 2, windowSeconds: 60 },
      perIp: { requests: 100, windowSeconds: 60 },
      storeHash: hash,
    };
    const [a, b] = [redisOwner(), redisOwner()];
    await Promise.all([a.ready(), b.ready()]);
    const replicaA = createLoginThrottle({ ...limits, redis: a });
    const replicaB = createLoginThrottle({ ...limits, redis: b });
    expect(await replicaA.take('Shopper@Example.com', '10.0.0.1')).toEqual({ allowed: true });
    await replicaA.succeeded('shopper@example.com', '10.0.0.1');
    expect(await replicaA.take('shopper@example.com', '10.0.0.2')).toEqual({ allowed: true });
    expect(await replicaB.take(' SHOPPER@example.com', '10.0.0.3')).toEqual({ allowed: true });
    expect(await replicaB.take('shopper@example.com', '10.0.0.4')).toMatchObject({
      allowed: false,
    });
    // The keys name the account by hash, never by its address.
    const keys = await a.commands.keys(`*${hash}*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toMatch(/shopper|example/i);
  });
});
