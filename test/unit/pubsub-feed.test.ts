import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createEventBus } from '../../src/pubsub/event-bus.js';
import { MAX_PENDING_EVENTS, SlowConsumerError } from '../../src/pubsub/live-queue.js';

// The bus listens once per topic and hands each event to every reader's own queue: one reader
// falling behind is dropped alone, and the topic is listened to again after its last reader left.
const bus = () =>
  createEventBus({
    redis: undefined,
    storeHash: 'unit',
    logger: createLogger('silent'),
    resumeWindowSeconds: 60,
  });
const product = (productId: number) => ({
  productId,
  deleted: false,
  occurredAt: '2024-06-01T00:00:00.000Z',
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('one listener per topic, one queue per reader', () => {
  it('drops only the reader that falls behind; the others get every event', async () => {
    const events = bus();
    const slow = events.subscribe('productUpdated', {})[Symbol.asyncIterator]();
    const fast = events.subscribe('productUpdated', {})[Symbol.asyncIterator]();
    const firstSlow = slow.next();
    const got: number[] = [];
    const reading = (async () => {
      for (;;) {
        const next = await fast.next();
        if (next.done) return;
        got.push(next.value.productId);
        if (got.length === MAX_PENDING_EVENTS + 2) return;
      }
    })();
    await until(() => events.subscriberCount('productUpdated') === 2);
    for (let id = 1; id <= MAX_PENDING_EVENTS + 2; id += 1) {
      await events.publish('productUpdated', product(id));
    }
    await reading;
    expect(got).toEqual(Array.from({ length: MAX_PENDING_EVENTS + 2 }, (_, i) => i + 1));
    // The slow one keeps what it had queued, then is told why it ends.
    expect((await firstSlow).value?.productId).toBe(1);
    let kept = 1;
    await expect(
      (async () => {
        for (;;) {
          const next = await slow.next();
          if (next.done) return;
          kept += 1;
        }
      })(),
    ).rejects.toBeInstanceOf(SlowConsumerError);
    expect(kept).toBe(MAX_PENDING_EVENTS + 1);
    await fast.return?.();
  });

  it('listens again once its last reader has left', async () => {
    const events = bus();
    const first = events.subscribe('productUpdated', {})[Symbol.asyncIterator]();
    const one = first.next();
    await until(() => events.subscriberCount('productUpdated') === 1);
    await events.publish('productUpdated', product(1));
    expect((await one).value?.productId).toBe(1);
    await first.return?.();
    await until(() => events.subscriberCount('productUpdated') === 0);

    const second = events.subscribe('productUpdated', {})[Symbol.asyncIterator]();
    const two = second.next();
    await until(() => events.subscriberCount('productUpdated') === 1);
    await events.publish('productUpdated', product(2));
    expect((await two).value?.productId).toBe(2);
    await second.return?.();
  });
});
