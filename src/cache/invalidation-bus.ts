import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { RedisOwner } from '../redis/redis-owner.js';

/** What another replica evicted; receivers drop the same keys and tags from their L1. */
export interface Invalidation {
  readonly keys?: readonly string[];
  readonly tags?: readonly string[];
}

/** Fan-out of evictions between replicas. Delivery is best effort: L1 TTLs bound what is missed. */
export interface InvalidationBus {
  /** Tells every other replica; never rejects. */
  publish(invalidation: Invalidation): Promise<void>;
  /** Calls `handler` for other replicas' messages (never this bus's own). Returns an unsubscribe. */
  subscribe(handler: (invalidation: Invalidation) => void): () => void;
  /** Resolves once messages from other replicas can be received. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

const messageSchema = z.object({
  origin: z.string(),
  keys: z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
});
type Message = z.infer<typeof messageSchema>;

function parseMessage(raw: string): Message | undefined {
  try {
    return messageSchema.parse(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

/** Handlers and self-filtering shared by both buses. */
function createHandlers(origin: string) {
  const handlers = new Set<(invalidation: Invalidation) => void>();
  return {
    subscribe(handler: (invalidation: Invalidation) => void) {
      handlers.add(handler);
      return () => void handlers.delete(handler);
    },
    deliver({ origin: from, keys, tags }: Message) {
      if (from === origin) return;
      for (const handler of handlers) handler({ keys, tags });
    },
    clear: () => handlers.clear(),
  };
}

export interface RedisInvalidationBusOptions {
  /** Publishes on its command connection, listens on its subscriber; neither is closed by `close()`. */
  readonly redis: RedisOwner;
  /** Shared by every replica of one deployment, e.g. `bcgw:v1:invalidate`. */
  readonly channel: string;
  readonly logger: Logger;
}

export function createRedisInvalidationBus(options: RedisInvalidationBusOptions): InvalidationBus {
  const { redis, channel, logger } = options;
  const publisher = redis.commands;
  const subscriber = redis.subscriber();
  const origin = randomUUID();
  const handlers = createHandlers(origin);
  let subscribed: Promise<void> | undefined;

  const onMessage = (from: string, raw: string) => {
    if (from !== channel) return;
    const message = parseMessage(raw);
    if (message) handlers.deliver(message);
    else logger.warn({ channel }, 'ignored a malformed cache invalidation message');
  };
  // The offline queue is off, so subscribing must wait for a connection; ioredis resubscribes
  // after reconnects on its own, and SUBSCRIBE is idempotent when both happen.
  const subscribe = () => {
    subscribed = subscriber.subscribe(channel).then(
      () => undefined,
      (error: unknown) => logger.debug({ err: error }, 'invalidation bus: subscribe failed'),
    );
  };
  subscriber.on('message', onMessage);
  subscriber.on('ready', subscribe);
  if (subscriber.status === 'ready') subscribe();

  return {
    async publish({ keys, tags }) {
      if (!keys?.length && !tags?.length) return;
      const message: Message = { origin, keys: keys && [...keys], tags: tags && [...tags] };
      try {
        await publisher.publish(channel, JSON.stringify(message));
        redis.health.succeeded();
      } catch (error) {
        redis.health.failed(error);
      }
    },
    subscribe: handlers.subscribe,
    async ready() {
      while (!subscribed) {
        await new Promise((resolve) => subscriber.once('ready', resolve));
      }
      await subscribed;
    },
    async close() {
      handlers.clear();
      subscriber.off('message', onMessage);
      subscriber.off('ready', subscribe);
      if (subscriber.status === 'ready') await subscriber.unsubscribe(channel).catch(() => {});
    },
  };
}

export interface LocalInvalidationBusOptions {
  /** Buses sharing one hub behave like replicas sharing a Redis channel (tests, single process). */
  readonly hub?: EventEmitter;
}

/** An in-process bus: with its own hub (the default) a single replica that tells no one. */
export function createLocalInvalidationBus(options: LocalInvalidationBusOptions = {}) {
  const hub = options.hub ?? new EventEmitter();
  const origin = randomUUID();
  const handlers = createHandlers(origin);
  const onMessage = (message: Message) => handlers.deliver(message);
  hub.on('invalidate', onMessage);
  const bus: InvalidationBus = {
    async publish({ keys, tags }) {
      hub.emit('invalidate', { origin, keys, tags });
    },
    subscribe: handlers.subscribe,
    async ready() {},
    async close() {
      handlers.clear();
      hub.off('invalidate', onMessage);
    },
  };
  return bus;
}
