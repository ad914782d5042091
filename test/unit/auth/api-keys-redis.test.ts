import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../../src/auth/api-keys/api-key.js';
import { createKeyStore, type KeyStore } from '../../../src/auth/api-keys/key-store.js';
import {
  apiKeysRedisKey,
  createRedisKeyRecords,
  type RedisKeyRecordsOptions,
} from '../../../src/auth/api-keys/redis-key-records.js';
import { createLogger } from '../../../src/logger.js';
import { createRedisOwner, type RedisOwner } from '../../../src/redis/redis-owner.js';
import {
  type RedisServer,
  sharedRedisAvailable,
  sharedRedisUrl,
  startRedisServer,
  waitFor,
} from '../../helpers/redis-server.js';

const logger = createLogger('silent');
const redisUp = await sharedRedisAvailable();

const owners: RedisOwner[] = [];
const stores: KeyStore[] = [];
const servers: RedisServer[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});
afterAll(async () => {
  await Promise.all(owners.splice(0).map((owner) => owner.close()));
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

/** One owner per simulated replica, as each gateway process has its own. */
async function replica(
  options: Partial<RedisKeyRecordsOptions> & { url?: string; storeHash: string },
): Promise<{ store: KeyStore; owner: RedisOwner }> {
  const owner = createRedisOwner({ url: options.url ?? sharedRedisUrl, logger });
  owners.push(owner);
  await owner.ready();
  const store = createKeyStore({
    records: createRedisKeyRecords({ redis: owner, logger, ...options }),
    now: options.now,
  });
  stores.push(store);
  return { store, owner };
}

const newStoreHash = () => `keys${randomBytes(6).toString('hex')}`;

describe.skipIf(!redisUp)('key store in Redis', () => {
  it('keeps each store’s keys in one hash under its hash tag, by hash only', async () => {
    const storeHash = newStoreHash();
    const { store, owner } = await replica({ storeHash });
    const { key, info } = await store.create({ name: 'Acme', scopes: ['catalog:read'] });
    const redisKey = apiKeysRedisKey(storeHash);
    expect(redisKey).toBe(`bcgw:v1:{${storeHash}}:api-keys`);
    const stored = await owner.commands.hget(redisKey, info.id);
    expect(stored).toContain(hashApiKey(key));
    expect(stored).not.toContain(key);
    expect(await store.list()).toEqual([info]);
    const { store: otherStore } = await replica({ storeHash: newStoreHash() });
    expect(await otherStore.verify(key, 'ip')).toBeUndefined();
    await owner.commands.del(redisKey);
  });

  it('keeps a copy briefly, and drops it the moment another replica revokes the key', async () => {
    const storeHash = newStoreHash();
    const frozen = () => 1_000_000;
    const { store: a, owner } = await replica({ storeHash });
    // B's clock never moves: its copy would stay fresh forever but for the revocation message.
    const { store: b } = await replica({ storeHash, now: frozen });
    const { key, info } = await a.create({ name: 'Shared', scopes: ['catalog:read'] });
    expect(await b.verify(key, 'ip')).toBeDefined();
    // Subscribed and holding a fresh copy: B answers without Redis even once the record is gone.
    // (Until its subscription is confirmed, B trusts no copy and reads Redis each time.)
    const redisKey = apiKeysRedisKey(storeHash);
    const record = (await owner.commands.hget(redisKey, info.id))!;
    await waitFor(async () => {
      expect(await b.verify(key, 'ip')).toBeDefined();
      await owner.commands.hdel(redisKey, info.id);
      const fromCopy = (await b.verify(key, 'ip')) !== undefined;
      await owner.commands.hset(redisKey, info.id, record);
      return fromCopy;
    });

    await a.revoke(info.id);
    await waitFor(async () => (await b.verify(key, 'ip')) === undefined, { timeoutMs: 1_000 });
    await owner.commands.del(apiKeysRedisKey(storeHash));
  });

  it('keeps keys seen within the grace window working while Redis is down, refuses others', async () => {
    const server = await startRedisServer();
    servers.push(server);
    let time = 1_000_000;
    const graceMs = 60_000;
    const { store } = await replica({
      url: server.url,
      storeHash: newStoreHash(),
      now: () => time,
      outageGraceMs: graceMs,
    });
    const seen = await store.create({ name: 'Seen', scopes: ['catalog:read'] });
    const unseen = await store.create({ name: 'Unseen', scopes: ['catalog:read'] });
    expect(await store.verify(seen.key, 'ip')).toBeDefined();

    await server.stop();
    time += graceMs - 1;
    expect(await store.verify(seen.key, 'ip')).toBeDefined();
    expect(await store.verify(unseen.key, 'ip')).toBeUndefined();
    time += 1;
    expect(await store.verify(seen.key, 'ip')).toBeUndefined();

    // This server keeps nothing across a restart: a key made once it is back works at once.
    await server.start();
    const after = await waitFor(() =>
      store.create({ name: 'After', scopes: ['catalog:read'] }).catch(() => undefined),
    );
    expect(await store.verify(after!.key, 'ip')).toBeDefined();
  });
});
