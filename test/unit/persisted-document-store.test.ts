import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createPersistedDocumentStore } from '../../src/persisted/document-store.js';
import { createRedisOwner, type RedisOwner } from '../../src/redis/redis-owner.js';
import { sharedRedisAvailable, sharedRedisUrl } from '../helpers/redis-server.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const documentOf = (label: string) => `query Q${label} { brands { edges { node { name } } } }`;

describe('the APQ document store in memory', () => {
  it('answers what it registered, and nothing else', async () => {
    const store = createPersistedDocumentStore({ redis: undefined, storeHash: 'abc' });
    await store.register(sha256(documentOf('A')), documentOf('A'));
    expect(await store.get(sha256(documentOf('A')))).toBe(documentOf('A'));
    expect(await store.get(sha256(documentOf('B')))).toBeUndefined();
  });

  it('keeps no document over the size bound, and at most its bound of documents', async () => {
    const store = createPersistedDocumentStore({
      redis: undefined,
      storeHash: 'abc',
      maxDocumentBytes: 100,
      memoryMaxEntries: 2,
    });
    const big = `${documentOf('Big')}${' '.repeat(100)}`;
    await store.register(sha256(big), big);
    expect(await store.get(sha256(big))).toBeUndefined();

    for (const label of ['1', '2', '3'])
      await store.register(sha256(documentOf(label)), documentOf(label));
    expect(await store.get(sha256(documentOf('1')))).toBeUndefined();
    expect(await store.get(sha256(documentOf('3')))).toBe(documentOf('3'));
  });
});

const redisUp = await sharedRedisAvailable();

describe.skipIf(!redisUp)('the APQ document store with Redis', () => {
  const owners: RedisOwner[] = [];
  const ownerOf = async () => {
    const owner = createRedisOwner({ url: sharedRedisUrl, logger: createLogger('silent') });
    owners.push(owner);
    await owner.ready();
    return owner;
  };
  afterAll(() => Promise.all(owners.map((owner) => owner.close())));

  it('answers on one replica what another registered, kept apart by store', async () => {
    const storeHash = `u${randomBytes(6).toString('hex')}`;
    const a = createPersistedDocumentStore({ redis: await ownerOf(), storeHash });
    const b = createPersistedDocumentStore({ redis: await ownerOf(), storeHash });
    const otherStore = createPersistedDocumentStore({
      redis: await ownerOf(),
      storeHash: `${storeHash}x`,
    });
    const document = documentOf(storeHash);
    expect(await b.get(sha256(document))).toBeUndefined();
    await a.register(sha256(document), document);
    expect(await b.get(sha256(document))).toBe(document);
    expect(await otherStore.get(sha256(document))).toBeUndefined();
  });
});
