import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createRedisQuotaGovernor } from '../../src/datasources/quota/redis-governor.js';
import type { QuotaGovernor, RateLimitInfo } from '../../src/datasources/quota.js';
import { sharedRedisAvailable } from '../helpers/redis-server.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const available = await sharedRedisAvailable();
const clients: Redis[] = [];

function connect(url = REDIS_URL): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  clients.push(client);
  return client;
}

function logger() {
  return { warn: vi.fn(), info: vi.fn() };
}

/** Two "replicas": separate connections, one shared key. */
function replicas(): [QuotaGovernor, QuotaGovernor] {
  const key = `bcgw:test:quota:{${randomUUID()}}`;
  return [
    createRedisQuotaGovernor({ redis: connect(), key, logger: logger() }),
    createRedisQuotaGovernor({ redis: connect(), key, logger: logger() }),
  ];
}

function headers(left: number, resetMs: number, quota = 20, windowMs = 1_000): RateLimitInfo {
  return { windowMs, resetMs, quota, left };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

afterAll(() => {
  for (const client of clients) client.disconnect();
});

describe.skipIf(!available)('Redis quota governor', () => {
  it('lets two replicas through at most quota minus reserve per window, together', async () => {
    const [a, b] = replicas();
    const start = Date.now();
    a.observe(headers(20, 1_000), 200);
    await settle();
    const passedAt: number[] = [];
    const all = Array.from({ length: 40 }, (_, i) =>
      (i % 2 ? a : b).acquire({ priority: 'shopper', maxWaitMs: 4_000 }).then(() => {
        passedAt.push(Date.now() - start);
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(passedAt.length).toBeLessThanOrEqual(18);
    await Promise.all(all);
    passedAt.sort((x, y) => x - y);
    // The 19th waits for the first reset, the 37th for the second.
    expect(passedAt[18]).toBeGreaterThanOrEqual(950);
    expect(passedAt[36]).toBeGreaterThanOrEqual(1_950);
  });

  it('holds each priority to its reserve across replicas', async () => {
    const [a, b] = replicas();
    a.observe(headers(10, 3_000), 200);
    await settle();
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
    const [a, b] = replicas();
    a.observe(headers(0, 3_000), 429);
    await settle();
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
    const log = logger();
    const governor = createRedisQuotaGovernor({
      redis: connect(`redis://127.0.0.1:${closedPort}`),
      key: `bcgw:test:quota:{${randomUUID()}}`,
      logger: log,
    });
    await governor.acquire({ priority: 'background', maxWaitMs: 0 });
    governor.observe(headers(10, 3_000), 200);
    await governor.acquire({ priority: 'shopper', maxWaitMs: 0 });
    await expect(governor.acquire({ priority: 'background', maxWaitMs: 0 })).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
    });
    expect(log.warn).toHaveBeenCalledTimes(1);
  });

  it('returns to the shared budget when Redis comes back', async () => {
    const redis = connect();
    const log = logger();
    const key = `bcgw:test:quota:{${randomUUID()}}`;
    const governor = createRedisQuotaGovernor({ redis, key, logger: log });
    await redis.ping();
    redis.disconnect();
    await governor.acquire({ priority: 'shopper', maxWaitMs: 0 });
    expect(log.warn).toHaveBeenCalledTimes(1);
    await redis.connect();
    governor.observe(headers(10, 3_000), 200);
    await governor.acquire({ priority: 'shopper', maxWaitMs: 0 });
    expect(log.info).toHaveBeenCalledTimes(1);
    // Ten left keep two in reserve: eight tokens, one of them taken above, in Redis.
    const other = createRedisQuotaGovernor({ redis: connect(), key, logger: logger() });
    for (let i = 0; i < 7; i++) await other.acquire({ priority: 'shopper', maxWaitMs: 0 });
    await expect(other.acquire({ priority: 'shopper', maxWaitMs: 0 })).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
    });
  });
});
