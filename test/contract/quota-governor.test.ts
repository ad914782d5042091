import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisQuotaGovernor } from '../../src/datasources/quota/redis-governor.js';
import type { QuotaGovernor, RateLimitInfo } from '../../src/datasources/quota.js';
import { createLogger } from '../../src/logger.js';
import { createRedisOwner, type RedisOwner } from '../../src/redis/redis-owner.js';
import { captureLogger, LEVEL, type LogLine } from '../helpers/log-capture.js';
import { sharedRedisAvailable, sharedRedisUrl, waitFor } from '../helpers/redis-server.js';
import { createFakeClock, type FakeClock } from '../unit/quota/fake-clock.js';

const available = await sharedRedisAvailable();
const owners: RedisOwner[] = [];

function owner(url = sharedRedisUrl, logger = createLogger('silent')): RedisOwner {
  const made = createRedisOwner({ url, logger });
  owners.push(made);
  return made;
}

/** Two "replicas": an owner (connection) each, one shared key, one fake clock for their waits. */
async function replicas(clock: FakeClock): Promise<[QuotaGovernor, QuotaGovernor, RedisOwner]> {
  const key = `bcgw:test:{${randomUUID()}}:quota`;
  const first = owner();
  const second = owner();
  await Promise.all([first.ready(), second.ready()]);
  return [
    createRedisQuotaGovernor({ redis: first, key, clock }),
    createRedisQuotaGovernor({ redis: second, key, clock }),
    first,
  ];
}

function headers(left: number, resetMs: number, quota = 20, windowMs = 1_000): RateLimitInfo {
  return { windowMs, resetMs, quota, left };
}

/** `observe` does not wait for Redis; a command after it on the same connection runs after it. */
const observed = (redis: RedisOwner) => redis.commands.ping();

const warnings = (lines: LogLine[]) => lines.filter((line) => line.level === LEVEL.warn);

afterAll(async () => {
  await Promise.all(owners.map((made) => made.close()));
});

describe.skipIf(!available)('Redis quota governor', () => {
  it('lets two replicas through at most quota minus reserve per window, together', async () => {
    const clock = createFakeClock();
    const [a, b, redisOfA] = await replicas(clock);
    a.observe(headers(20, 1_000), 200);
    await observed(redisOfA);
    let passed = 0;
    const all = Array.from({ length: 40 }, (_, i) =>
      (i % 2 ? a : b).acquire({ priority: 'shopper', maxWaitMs: 4_000 }).then(() => {
        passed += 1;
      }),
    );
    // 18 (20 less the reserve of 2) pass at once; the other 22 sleep until the window resets
    // (plus up to 10% jitter, so replicas woken together spread out).
    await waitFor(() => passed + clock.sleeps.length === 40);
    expect(passed).toBe(18);
    expect(clock.sleeps.every((ms) => ms > 0 && ms <= 1_100)).toBe(true);

    // Upstream opens the next window with 20 left: 18 more pass, 4 wait for the one after.
    a.observe(headers(20, 1_700), 200);
    await observed(redisOfA);
    clock.sleeps.length = 0;
    await clock.advance(1_100);
    await waitFor(() => passed === 36 && clock.sleeps.length === 4);

    a.observe(headers(20, 2_500), 200);
    await observed(redisOfA);
    await clock.advance(2_000);
    await Promise.all(all);
    expect(passed).toBe(40);
  });

  it('holds each priority to its reserve across replicas', async () => {
    const [a, b, redisOfA] = await replicas(createFakeClock());
    a.observe(headers(10, 3_000), 200);
    await observed(redisOfA);
    const now = { maxWaitMs: 0 } as const;
    await expect(b.acquire({ priority: 'background', ...now })).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
    });
    // Partner keeps 30% of 20: four of the ten left are its to take, whichever replica asks.
    for (let i = 0; i < 4; i++) await (i % 2 ? a : b).acquire({ priority: 'partner', ...now });
    await expect(a.acquire({ priority: 'partner', ...now })).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
    });
    for (let i = 0; i < 4; i++) await (i % 2 ? a : b).acquire({ priority: 'shopper', ...now });
    await expect(b.acquire({ priority: 'shopper', ...now })).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
    });
  });

  it('makes every replica wait after a 429 one of them saw', async () => {
    const [a, b, redisOfA] = await replicas(createFakeClock());
    a.observe(headers(0, 3_000), 429);
    await observed(redisOfA);
    await expect(b.acquire({ priority: 'shopper', maxWaitMs: 2_000 })).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      retryAfterMs: expect.any(Number),
    });
  });

  it('falls back to a local budget when Redis is unreachable, logging once', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const { logger, lines } = captureLogger();
    const governor = createRedisQuotaGovernor({
      redis: owner(`redis://127.0.0.1:${closedPort}`, logger),
      key: `bcgw:test:{${randomUUID()}}:quota`,
    });
    await governor.acquire({ priority: 'background', maxWaitMs: 0 });
    governor.observe(headers(10, 3_000), 200);
    await governor.acquire({ priority: 'shopper', maxWaitMs: 0 });
    await expect(governor.acquire({ priority: 'background', maxWaitMs: 0 })).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
    });
    expect(warnings(lines)).toHaveLength(1);
  });

  it('returns to the shared budget when Redis comes back', async () => {
    const { logger, lines } = captureLogger();
    const redis = owner(sharedRedisUrl, logger);
    const key = `bcgw:test:{${randomUUID()}}:quota`;
    const governor = createRedisQuotaGovernor({ redis, key });
    await redis.ready();
    redis.commands.disconnect();
    await governor.acquire({ priority: 'shopper', maxWaitMs: 0 });
    expect(warnings(lines)).toHaveLength(1);
    await waitFor(() => redis.commands.status === 'end');
    await redis.commands.connect();
    governor.observe(headers(10, 3_000), 200);
    await governor.acquire({ priority: 'shopper', maxWaitMs: 0 });
    await waitFor(() => lines.some((line) => /available again/.test(line.msg)));
    expect(warnings(lines)).toHaveLength(1);
    // Ten left keep two in reserve: eight tokens, one of them taken above, in Redis.
    const otherRedis = owner();
    await otherRedis.ready();
    const other = createRedisQuotaGovernor({ redis: otherRedis, key });
    for (let i = 0; i < 7; i++) await other.acquire({ priority: 'shopper', maxWaitMs: 0 });
    await expect(other.acquire({ priority: 'shopper', maxWaitMs: 0 })).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
    });
  });
});
