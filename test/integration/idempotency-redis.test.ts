import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createIdempotencyStore } from '../../src/idempotency/create-idempotency-store.js';
import {
  fingerprintInput,
  type IdempotencyRequest,
  type IdempotencyStore,
} from '../../src/idempotency/idempotency.js';
import { createMemoryIdempotencyStore } from '../../src/idempotency/memory-idempotency-store.js';
import { createRedisIdempotencyStore } from '../../src/idempotency/redis-idempotency-store.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { storeKey } from '../../src/redis/redis-keys.js';
import { createRedisOwner, type RedisOwner } from '../../src/redis/redis-owner.js';
import { captureLogger, LEVEL } from '../helpers/log-capture.js';
import {
  type RedisServer,
  sharedRedisAvailable,
  sharedRedisUrl,
  startRedisServer,
  waitFor,
} from '../helpers/redis-server.js';

const silent = createLogger('silent');
const redisUp = await sharedRedisAvailable();

const owners: RedisOwner[] = [];
const stores: IdempotencyStore[] = [];
const servers: RedisServer[] = [];
afterAll(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await Promise.all(owners.splice(0).map((owner) => owner.close()));
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

interface ReplicaOptions {
  storeHash: string;
  url?: string;
  leaseMs?: number;
  logger?: Logger;
}

/** One gateway process: its own Redis owner and store, with its own memory fallback. */
async function replica(options: ReplicaOptions) {
  const logger = options.logger ?? silent;
  const owner = createRedisOwner({ url: options.url ?? sharedRedisUrl, logger });
  owners.push(owner);
  await owner.ready();
  const store = createRedisIdempotencyStore({
    redis: owner,
    storeHash: options.storeHash,
    ttlSeconds: 60,
    logger,
    fallback: createMemoryIdempotencyStore({ ttlSeconds: 60 }),
    leaseMs: options.leaseMs,
    maxWaitMs: 5_000,
  });
  stores.push(store);
  return { owner, store };
}

const newStoreHash = () => `idem${randomBytes(6).toString('hex')}`;

const request = (key: string, input: unknown = { checkoutId: 'c1' }): IdempotencyRequest => ({
  operation: 'placeOrder',
  owner: 'customer:1',
  key,
  fingerprint: fingerprintInput(input),
});

/** A counted work that finishes with `result` only when told to. */
function gatedWork<T>(result: T) {
  let calls = 0;
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    work: async () => {
      calls += 1;
      await gate;
      return result;
    },
    open: () => open(),
    calls: () => calls,
  };
}

describe.skipIf(!redisUp)('idempotency keys in Redis, across replicas', () => {
  it('runs a concurrent duplicate on another replica once, both getting the first result', async () => {
    const storeHash = newStoreHash();
    const a = await replica({ storeHash });
    const b = await replica({ storeHash });
    const first = gatedWork({ orderId: 41 });
    const onA = a.store.run(request('k1'), first.work);
    await waitFor(() => first.calls() === 1);
    let bCalls = 0;
    const onB = b.store.run(request('k1'), async () => ({ orderId: 40 + ++bCalls + 100 }));
    const onB2 = b.store.run(request('k1'), async () => ({ orderId: 40 + ++bCalls + 100 }));
    first.open();
    expect(await Promise.all([onA, onB, onB2])).toEqual([
      { orderId: 41 },
      { orderId: 41 },
      { orderId: 41 },
    ]);
    expect(bCalls).toBe(0);
  });

  it('answers a retry on the other replica with the first result, and refuses another input', async () => {
    const storeHash = newStoreHash();
    const a = await replica({ storeHash });
    const b = await replica({ storeHash });
    const clientKey = `client-key-${randomBytes(4).toString('hex')}`;
    expect(await a.store.run(request(clientKey), async () => ({ cartId: 'cart-1' }))).toEqual({
      cartId: 'cart-1',
    });
    expect(await b.store.run(request(clientKey), async () => ({ cartId: 'cart-2' }))).toEqual({
      cartId: 'cart-1',
    });
    await expect(
      b.store.run(request(clientKey, { checkoutId: 'other' }), async () => ({ cartId: 'x' })),
    ).rejects.toMatchObject({ extensions: { code: 'IDEMPOTENCY_KEY_REUSED' } });

    // One key under the store's hash tag, named by a hash: the client's key is not in it.
    const keys = await a.owner.commands.keys(storeKey(storeHash, 'idempotency:*'));
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^bcgw:v1:\\{${storeHash}\\}:idempotency:`));
    expect(keys[0]).not.toContain(clientKey);
    const ttl = await a.owner.commands.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('releases the key when the work fails, so a retry on another replica runs it', async () => {
    const storeHash = newStoreHash();
    const a = await replica({ storeHash });
    const b = await replica({ storeHash });
    await expect(
      a.store.run(request('k'), async () => {
        throw new Error('out of stock');
      }),
    ).rejects.toThrow('out of stock');
    expect(await b.store.run(request('k'), async () => ({ orderId: 2 }))).toEqual({ orderId: 2 });
  });

  it('keeps a claim alive past its lease while the work runs', async () => {
    const storeHash = newStoreHash();
    const a = await replica({ storeHash, leaseMs: 150 });
    const b = await replica({ storeHash, leaseMs: 150 });
    const slow = gatedWork({ orderId: 7 });
    const onA = a.store.run(request('k'), slow.work);
    await waitFor(() => slow.calls() === 1);
    let bCalls = 0;
    const onB = b.store.run(request('k'), async () => ({ orderId: 100 + ++bCalls }));
    // Several leases long: A's renewals keep the claim, so B keeps waiting.
    const keyName = (await a.owner.commands.keys(storeKey(storeHash, 'idempotency:*')))[0]!;
    let renewedPast = 0;
    await waitFor(
      async () => {
        if ((await a.owner.commands.pttl(keyName)) > 0) renewedPast += 1;
        return renewedPast >= 20;
      },
      { intervalMs: 50 },
    );
    expect(bCalls).toBe(0);
    slow.open();
    expect(await Promise.all([onA, onB])).toEqual([{ orderId: 7 }, { orderId: 7 }]);
    expect(bCalls).toBe(0);
  });

  it('lets a waiting duplicate take over once a dead first claimant’s lease lapses', async () => {
    const storeHash = newStoreHash();
    const a = await replica({ storeHash, leaseMs: 300 });
    const b = await replica({ storeHash, leaseMs: 300 });
    const stuck = gatedWork({ orderId: 1 });
    const onA = a.store.run(request('k'), stuck.work);
    await waitFor(() => stuck.calls() === 1);
    // Replica A dies mid-work: its connection is gone, so nobody renews its lease.
    await a.owner.close();
    let bCalls = 0;
    const onB = await b.store.run(request('k'), async () => ({ orderId: 100 + ++bCalls }));
    expect(onB).toEqual({ orderId: 101 });
    expect(bCalls).toBe(1);
    // A's late result does not replace the one B stored.
    stuck.open();
    await onA;
    expect(await b.store.run(request('k'), async () => ({ orderId: 999 }))).toEqual({
      orderId: 101,
    });
  });

  it('builds a Redis store from createIdempotencyStore when an owner is given', async () => {
    const storeHash = newStoreHash();
    const owner = createRedisOwner({ url: sharedRedisUrl, logger: silent });
    owners.push(owner);
    await owner.ready();
    const made = (hash: string) =>
      createIdempotencyStore({ redis: owner, storeHash: hash, ttlSeconds: 60, logger: silent });
    const one = made(storeHash);
    const two = made(storeHash);
    stores.push(one, two);
    await one.run(request('k'), async () => ({ orderId: 5 }));
    // Another store object over the same Redis shares the key: it is not in process memory.
    expect(await two.run(request('k'), async () => ({ orderId: 6 }))).toEqual({ orderId: 5 });
  });
});

describe('idempotency keys while Redis goes away', () => {
  it('falls back to this replica’s memory without throwing, logging the outage once', async () => {
    let server: RedisServer;
    try {
      server = await startRedisServer();
    } catch (error) {
      if (process.env.CI === 'true') throw error;
      console.warn('redis-server cannot be started: skipping the outage test');
      return;
    }
    servers.push(server);
    const { logger, lines } = captureLogger();
    const { owner, store } = await replica({ storeHash: newStoreHash(), url: server.url, logger });
    expect(await store.run(request('before'), async () => ({ orderId: 1 }))).toEqual({
      orderId: 1,
    });

    await server.stop();
    let calls = 0;
    const work = async () => ({ orderId: 10 + ++calls });
    expect(await store.run(request('during'), work)).toEqual({ orderId: 11 });
    // A retry on this replica is still answered once, from memory.
    expect(await store.run(request('during'), work)).toEqual({ orderId: 11 });
    await expect(store.run(request('during', { checkoutId: 'other' }), work)).rejects.toMatchObject(
      { extensions: { code: 'IDEMPOTENCY_KEY_REUSED' } },
    );
    expect(await store.run(request('during-2'), work)).toEqual({ orderId: 12 });
    expect(calls).toBe(2);
    expect(owner.health.isAvailable()).toBe(false);
    const fallbackWarnings = lines.filter(
      (line) => line.level === LEVEL.warn && /idempotency keys are held per replica/.test(line.msg),
    );
    expect(fallbackWarnings).toHaveLength(1);
    expect(lines.filter((line) => /redis unavailable, continuing/.test(line.msg))).toHaveLength(1);

    // Back: keys go to Redis again.
    await server.start();
    await waitFor(() => owner.health.isAvailable() || owner.commands.status === 'ready');
    await waitFor(async () => {
      try {
        return (await owner.commands.ping()) === 'PONG';
      } catch {
        return false;
      }
    });
    expect(await store.run(request('after'), async () => ({ orderId: 20 }))).toEqual({
      orderId: 20,
    });
    expect(owner.health.isAvailable()).toBe(true);
  });
});
