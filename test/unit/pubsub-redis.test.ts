import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createEventBus, type EventBus } from '../../src/pubsub/event-bus.js';
import { createRedisOwner, type RedisOwner } from '../../src/redis/redis-owner.js';
import { sharedRedisAvailable, sharedRedisUrl } from '../helpers/redis-server.js';

const logger = createLogger('silent');
const redisUp = await sharedRedisAvailable();
const owners: RedisOwner[] = [];
const buses: EventBus[] = [];
afterAll(async () => {
  await Promise.all(buses.map((bus) => bus.close()));
  await Promise.all(owners.map((owner) => owner.close()));
});

function bus(url: string, storeHash: string): EventBus {
  const redis = createRedisOwner({ url, logger });
  owners.push(redis);
  const made = createEventBus({ redis, storeHash, logger, resumeWindowSeconds: 60 });
  buses.push(made);
  return made;
}

const event = (productId: number) => ({ productId, deleted: false, occurredAt: 'x' });

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 3_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe.skipIf(!redisUp)('event bus on Redis', () => {
  it('delivers across buses (replicas) and resumes from the shared stream', async () => {
    const storeHash = `u${randomBytes(6).toString('hex')}`;
    const one = bus(sharedRedisUrl, storeHash);
    const two = bus(sharedRedisUrl, storeHash);
    // Both connected: a bus whose Redis is not up yet keeps its events in memory (the outage path).
    await Promise.all(owners.slice(-2).map((owner) => owner.ready()));
    const first = await one.publish('productUpdated', event(1));
    await one.publish('productUpdated', event(2));
    const iterator = two
      .subscribe('productUpdated', { after: first.eventId })
      [Symbol.asyncIterator]();
    const replayed = await iterator.next();
    expect(replayed.value).toMatchObject({ productId: 2 });
    await waitUntil(() => two.subscriberCount('productUpdated') === 1);
    const live = await one.publish('productUpdated', event(3));
    expect((await iterator.next()).value).toEqual({ ...event(3), eventId: live.eventId });
    await iterator.return?.();
  });
});

describe('event bus with Redis down', () => {
  it('still delivers to this replica’s subscribers and resumes from memory', async () => {
    // Nothing listens on port 1: every command fails at once.
    const down = bus('redis://127.0.0.1:1', 'down');
    const first = await down.publish('productUpdated', event(1));
    const iterator = down
      .subscribe('productUpdated', { after: first.eventId })
      [Symbol.asyncIterator]();
    const reading = iterator.next();
    await waitUntil(() => down.subscriberCount('productUpdated') === 1);
    await down.publish('productUpdated', event(2));
    expect((await reading).value).toMatchObject({ productId: 2 });
    await iterator.return?.();
  });
});
