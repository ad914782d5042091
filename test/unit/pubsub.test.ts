import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createEventBus, type EventBus } from '../../src/pubsub/event-bus.js';
import { createLiveQueue, SlowConsumerError } from '../../src/pubsub/live-queue.js';
import type { ProductUpdatedEvent } from '../../src/pubsub/topics.js';

const logger = createLogger('silent');

function memoryBus(options: { maxHistoryLength?: number; now?: () => number } = {}): EventBus {
  return createEventBus({
    redis: undefined,
    storeHash: 'unit',
    logger,
    resumeWindowSeconds: 60,
    ...options,
  });
}

const product = (productId: number) => ({
  productId,
  deleted: false,
  occurredAt: '2024-06-01T00:00:00.000Z',
});

/** Reads `count` events from `iterator`, then stops it. */
async function take(iterator: AsyncIterator<ProductUpdatedEvent>, count: number) {
  const got: number[] = [];
  while (got.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    got.push(next.value.productId);
  }
  await iterator.return?.();
  return got;
}

describe('memory event bus', () => {
  it('assigns increasing stream-style ids', async () => {
    const bus = memoryBus();
    const a = await bus.publish('productUpdated', product(1));
    const b = await bus.publish('productUpdated', product(2));
    expect(a.eventId).toMatch(/^\d+-\d+$/);
    expect(b.eventId).not.toBe(a.eventId);
    expect([a.eventId, b.eventId].sort()).toEqual([a.eventId, b.eventId]);
  });

  it('resumes after an id: the missed events in order, then live ones', async () => {
    const bus = memoryBus();
    const first = await bus.publish('productUpdated', product(1));
    await bus.publish('productUpdated', product(2));
    await bus.publish('productUpdated', product(3));
    const iterator = bus
      .subscribe('productUpdated', { after: first.eventId })
      [Symbol.asyncIterator]();
    const reading = take(iterator, 3);
    await waitUntil(() => bus.subscriberCount('productUpdated') === 1);
    await bus.publish('productUpdated', product(4));
    expect(await reading).toEqual([2, 3, 4]);
  });

  it('loses nothing and repeats nothing published while the history is read', async () => {
    const bus = memoryBus();
    const first = await bus.publish('productUpdated', product(1));
    const iterator = bus
      .subscribe('productUpdated', { after: first.eventId })
      [Symbol.asyncIterator]();
    const reading = take(iterator, 3);
    // Listening has started, the history is not read yet: 2 is both in it and live.
    void bus.publish('productUpdated', product(2));
    await waitUntil(() => bus.subscriberCount('productUpdated') === 1);
    await bus.publish('productUpdated', product(3));
    await bus.publish('productUpdated', product(4));
    // A repeat would read [2, 2, 3]; a loss [3, 4].
    expect(await reading).toEqual([2, 3, 4]);
  });

  it('without `after`, only live events', async () => {
    const bus = memoryBus();
    await bus.publish('productUpdated', product(1));
    const iterator = bus.subscribe('productUpdated', {})[Symbol.asyncIterator]();
    const reading = take(iterator, 1);
    await waitUntil(() => bus.subscriberCount('productUpdated') === 1);
    await bus.publish('productUpdated', product(2));
    expect(await reading).toEqual([2]);
  });

  it('keeps topics apart', async () => {
    const bus = memoryBus();
    const start = await bus.publish('inventoryUpdated', { productId: 9, occurredAt: 'x' });
    await bus.publish('productUpdated', product(1));
    const iterator = bus
      .subscribe('inventoryUpdated', { after: start.eventId })
      [Symbol.asyncIterator]();
    const reading = iterator.next();
    await waitUntil(() => bus.subscriberCount('inventoryUpdated') === 1);
    await bus.publish('inventoryUpdated', { productId: 10, variantId: 3, occurredAt: 'y' });
    expect((await reading).value).toMatchObject({ productId: 10, variantId: 3 });
    await iterator.return?.();
  });

  it('bounds the history by length', async () => {
    const bus = memoryBus({ maxHistoryLength: 3 });
    for (let id = 1; id <= 5; id += 1) await bus.publish('productUpdated', product(id));
    const iterator = bus.subscribe('productUpdated', { after: '0-0' })[Symbol.asyncIterator]();
    expect(await take(iterator, 3)).toEqual([3, 4, 5]);
  });

  it('bounds the history by age (the resume window)', async () => {
    let now = 1_000_000;
    const bus = memoryBus({ now: () => now });
    await bus.publish('productUpdated', product(1));
    now += 61_000;
    await bus.publish('productUpdated', product(2));
    const iterator = bus.subscribe('productUpdated', { after: '0-0' })[Symbol.asyncIterator]();
    expect(await take(iterator, 1)).toEqual([2]);
    expect(bus.subscriberCount('productUpdated')).toBe(0);
  });

  it('ends subscriptions on abort and on close', async () => {
    const bus = memoryBus();
    const controller = new AbortController();
    const aborted = bus
      .subscribe('productUpdated', { signal: controller.signal })
      [Symbol.asyncIterator]();
    const closed = bus.subscribe('cartUpdated', {})[Symbol.asyncIterator]();
    const a = aborted.next();
    const b = closed.next();
    await waitUntil(() => bus.subscriberCount('cartUpdated') === 1);
    controller.abort();
    expect((await a).done).toBe(true);
    await bus.close();
    expect((await b).done).toBe(true);
    expect(bus.subscriberCount('productUpdated') + bus.subscriberCount('cartUpdated')).toBe(0);
  });
});

describe('live queue', () => {
  it('drops a reader that falls too far behind, after what it already queued', async () => {
    const source = (async function* () {
      for (let n = 1; n <= 4; n += 1) yield n;
      await new Promise(() => {});
    })();
    const queue = createLiveQueue(source, 2);
    const iterator = queue[Symbol.asyncIterator]();
    await new Promise((resolve) => setImmediate(resolve));
    expect((await iterator.next()).value).toBe(1);
    expect((await iterator.next()).value).toBe(2);
    await expect(iterator.next()).rejects.toBeInstanceOf(SlowConsumerError);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
