import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import type { RateLimitSpec } from '../../src/auth/viewer.js';
import { createLogger } from '../../src/logger.js';
import { createRedisOwner } from '../../src/redis/redis-owner.js';
import { type RedisReplicas, startRedisReplicas } from '../helpers/redis-replicas.js';
import { sharedRedisAvailable, waitFor } from '../helpers/redis-server.js';
import { type Stack, startStack } from '../helpers/stack.js';

/**
 * Cost 1100 (100 + 100 × (brand 5 + categories 5)): weight ceil(1100 / 300) = 4. Named apart
 * each time, so the whole-response cache (whose hits are charged one unit) never answers it.
 */
let costlyCount = 0;
const costly = () =>
  `query Costly${++costlyCount} { products(first: 100) { edges { node { entityId brand { name } categories { name } } } } }`;
const CHEAP = '{ __typename }';
/** A product not asked for before in this file, so its lookup must reach the sandbox. */
let nextProduct = 1;
const productQuery = () => `{ product(entityId: ${nextProduct++}) { name } }`;

const ANONYMOUS_BUDGET = 20;
const WINDOW_S = 60;

let sandbox: Sandbox;
let stack: Stack;
/** Every test calls from an address of its own, so each starts with a full budget. */
let ipCounter = 0;
const freshIp = () => `203.0.113.${++ipCounter}`;
const from = (ip: string, headers: Record<string, string> = {}) => ({
  'x-forwarded-for': ip,
  ...headers,
});

const keysFile = () => join(mkdtempSync(join(tmpdir(), 'bcgw-rate-')), 'api-keys.json');

beforeAll(async () => {
  sandbox = await createSandbox({ products: 120 });
  stack = await startStack({
    sandboxInstance: sandbox,
    env: {
      RATE_LIMIT_ANONYMOUS: `${ANONYMOUS_BUDGET}/${WINDOW_S}s`,
      TRUST_PROXY: 'loopback',
      // Every operation reaches the sandbox, so "no upstream call" means the limiter stopped it.
      CACHE_MODE: 'off',
      API_KEYS_FILE: keysFile(),
    },
  });
});
afterAll(async () => {
  await stack?.close();
  await sandbox?.close();
});
beforeEach(() => sandbox.counters.reset());

/** Spends `n` units of `ip`'s budget on requests that cost 1 and reach nothing upstream. */
async function spend(n: number, headers: Record<string, string>) {
  for (let i = 0; i < n; i++) {
    const { response } = await stack.query(CHEAP, {}, headers);
    expect(response.status).toBe(200);
  }
}

const remainingOf = (response: Response) =>
  Number(/;r=(\d+)/.exec(response.headers.get('ratelimit') ?? '')?.[1]);

describe('rate limits', () => {
  it('puts RateLimit-Policy and RateLimit on a normal answer', async () => {
    const { body, response } = await stack.query(productQuery(), {}, from(freshIp()));
    expect(body.errors).toBeUndefined();
    expect(response.headers.get('ratelimit-policy')).toBe(
      `"anonymous";q=${ANONYMOUS_BUDGET};w=${WINDOW_S}`,
    );
    expect(response.headers.get('ratelimit')).toMatch(
      new RegExp(`^"anonymous";r=${ANONYMOUS_BUDGET - 1};t=(${WINDOW_S}|${WINDOW_S - 1})$`),
    );
    expect(response.headers.get('retry-after')).toBeNull();
  });

  it('answers the N+1th request of a window with 429, Retry-After and RATE_LIMITED, without an upstream call', async () => {
    const headers = from(freshIp());
    await spend(ANONYMOUS_BUDGET, headers);
    sandbox.counters.reset();

    const { body, response } = await stack.query(productQuery(), {}, headers);
    expect(response.status).toBe(429);
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_S);
    expect(response.headers.get('ratelimit-policy')).toBe(
      `"anonymous";q=${ANONYMOUS_BUDGET};w=${WINDOW_S}`,
    );
    expect(response.headers.get('ratelimit')).toMatch(/^"anonymous";r=0;t=\d+$/);
    expect(sandbox.counters.total()).toBe(0);
  });

  it('charges a costly operation more than one unit', async () => {
    const headers = from(freshIp());
    const cheap = await stack.query(CHEAP, {}, headers);
    const heavy = await stack.query(costly(), {}, headers);
    expect(heavy.body.errors).toBeUndefined();
    expect(remainingOf(cheap.response)).toBe(ANONYMOUS_BUDGET - 1);
    expect(remainingOf(heavy.response)).toBe(ANONYMOUS_BUDGET - 1 - 4);
  });

  it('refuses an operation whose weight no longer fits once its cost is known, before any upstream call', async () => {
    const headers = from(freshIp());
    // 2 units left: the arrival unit fits, the 3 more the costly operation weighs do not.
    await spend(ANONYMOUS_BUDGET - 2, headers);
    sandbox.counters.reset();
    const { body, response } = await stack.query(costly(), {}, headers);
    expect(response.status).toBe(429);
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(sandbox.counters.total()).toBe(0);
  });

  it('counts a request that does not even parse', async () => {
    const headers = from(freshIp());
    const broken = await stack.query('{ products(', {}, headers);
    expect(broken.body.errors?.[0]?.message).toMatch(/Syntax Error/);
    expect(remainingOf(broken.response)).toBe(ANONYMOUS_BUDGET - 1);
  });

  it('gives two client addresses behind a trusted proxy separate budgets', async () => {
    const a = from(freshIp());
    const b = from(freshIp());
    await spend(ANONYMOUS_BUDGET, a);
    expect((await stack.query(CHEAP, {}, a)).response.status).toBe(429);
    const other = await stack.query(CHEAP, {}, b);
    expect(other.response.status).toBe(200);
    expect(remainingOf(other.response)).toBe(ANONYMOUS_BUDGET - 1);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const untrusting = await startStack({
      sandboxInstance: sandbox,
      env: { RATE_LIMIT_ANONYMOUS: '3/60s', TRUST_PROXY: '10.0.0.1', API_KEYS_FILE: keysFile() },
    });
    try {
      await Promise.all([1, 2, 3].map((n) => untrusting.query(CHEAP, {}, from(`198.51.100.${n}`))));
      // A "new" address in the header is the same loopback caller, whose budget is spent.
      const { response } = await untrusting.query(CHEAP, {}, from('198.51.100.99'));
      expect(response.status).toBe(429);
    } finally {
      await untrusting.close();
    }
  });

  it('limits a key by its own rate limit, and frees it when the window ends', async () => {
    const limit: RateLimitSpec = { requests: 2, windowSeconds: 1 };
    const { key } = await stack.app.keys.create({
      name: 'tight partner',
      scopes: ['catalog:read'],
      rateLimit: limit,
    });
    const auth = { authorization: `Bearer ${key}` };
    await spend(2, auth);
    const refused = await stack.query(CHEAP, {}, auth);
    expect(refused.response.status).toBe(429);
    expect(refused.response.headers.get('ratelimit-policy')).toBe('"partner";q=2;w=1');
    expect(refused.response.headers.get('retry-after')).toBe('1');
    // The window is a second long: within a few, the key is served again.
    await waitFor(async () => (await stack.query(CHEAP, {}, auth)).response.status === 200, {
      timeoutMs: 3_000,
      intervalMs: 100,
    });
  });
});

const redisUp = await sharedRedisAvailable();

describe.skipIf(!redisUp)('rate limits with Redis', () => {
  let replicas: RedisReplicas;
  let shared: Sandbox;
  let a: Stack;
  let b: Stack;

  beforeAll(async () => {
    replicas = await startRedisReplicas('rl');
    ({ sandbox: shared, a, b } = replicas);
  });
  afterAll(() => replicas?.close());

  it("shares a key's budget between two gateways", async () => {
    const { key } = await a.app.keys.create({
      name: 'shared partner',
      scopes: ['catalog:read'],
      rateLimit: { requests: 3, windowSeconds: 60 },
    });
    const auth = { authorization: `Bearer ${key}` };
    expect((await a.query(CHEAP, {}, auth)).response.status).toBe(200);
    expect((await b.query(CHEAP, {}, auth)).response.status).toBe(200);
    const third = await a.query(CHEAP, {}, auth);
    expect(remainingOf(third.response)).toBe(0);
    const fourth = await b.query(CHEAP, {}, auth);
    expect(fourth.response.status).toBe(429);
    expect(fourth.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('limits each replica in memory while Redis is down, and tells the Redis owner', async () => {
    // Nothing listens on port 1: the owner never connects.
    const redis = createRedisOwner({
      url: 'redis://127.0.0.1:1',
      logger: createLogger('silent'),
    });
    const failed = vi.spyOn(redis.health, 'failed');
    const down = await startStack({
      sandboxInstance: shared,
      env: { RATE_LIMIT_ANONYMOUS: '2/60s' },
      deps: { redis },
    });
    try {
      expect((await down.query(CHEAP)).response.status).toBe(200);
      expect((await down.query(CHEAP)).response.status).toBe(200);
      const { body, response } = await down.query(CHEAP);
      expect(response.status).toBe(429);
      expect(body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(failed).toHaveBeenCalledWith(
        expect.objectContaining({ message: 'rate limit store unreachable' }),
      );
    } finally {
      await down.close();
      await redis.close();
    }
  });
});
