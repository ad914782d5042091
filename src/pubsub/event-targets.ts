import { setMaxListeners } from 'node:events';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { PubSubEvent, PubSubEventTarget } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { RedisOwner } from '../redis/redis-owner.js';

/** One channel per topic, each carrying the topic's events (with their ids) as JSON. */
export type ChannelMap = Record<string, [unknown]>;
type Target = PubSubEventTarget<ChannelMap>;

/**
 * Listens on Redis (`@graphql-yoga/redis-event-target` over the owner's one subscriber
 * connection, shared with the cache invalidation bus: both filter by channel) and on this process;
 * dispatches only in this process. Redis-bound events are published by the history's append script
 * instead, so a published event always has its place in the history.
 */
export function createListeningTarget(redis: RedisOwner | undefined): Target {
  const plain = new EventTarget();
  // One listener per live subscription: thousands on one topic are the normal case, not a leak.
  setMaxListeners(0, plain);
  const local = plain as unknown as Target;
  if (!redis) return local;
  const remote = createRedisEventTarget<PubSubEvent<ChannelMap, string>>({
    publishClient: redis.commands,
    subscribeClient: quietSubscriber(redis),
  });
  return {
    addEventListener(type, listener) {
      remote.addEventListener(type, listener);
      local.addEventListener(type, listener);
    },
    removeEventListener(type, listener) {
      remote.removeEventListener(type, listener);
      local.removeEventListener(type, listener);
    },
    dispatchEvent: (event) => local.dispatchEvent(event),
  };
}

/**
 * The subscriber as the event target uses it: its SUBSCRIBE and UNSUBSCRIBE calls are not awaited
 * there, and reject while Redis is down (no offline queue), so they are caught and told to
 * `health` here; `resubscribe` puts the channels back once Redis is.
 */
function quietSubscriber(redis: RedisOwner): Redis {
  const subscriber = redis.subscriber();
  const quiet = (method: 'subscribe' | 'unsubscribe') => (channel: string) =>
    subscriber[method](channel).catch((error: unknown) => redis.health.failed(error));
  return new Proxy(subscriber, {
    get(target, property) {
      if (property === 'subscribe' || property === 'unsubscribe') return quiet(property);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
