import { createPubSub } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import { storeKey } from '../redis/redis-keys.js';
import type { RedisOwner } from '../redis/redis-owner.js';
import { compareEventIds } from './event-ids.js';
import { parseEvent } from './event-schemas.js';
import { type ChannelMap, createListeningTarget } from './event-targets.js';
import { createPushQueue, type PushQueue } from './live-queue.js';
import { createMemoryHistory } from './memory-history.js';
import { createRedisHistory } from './redis-history.js';
import type { NewEvent, TopicName, Topics } from './topics.js';

/**
 * Typed pub/sub across replicas with a bounded, resumable history per topic: Yoga's
 * `createPubSub` over `@graphql-yoga/redis-event-target` with Redis, in memory without it.
 */
export interface EventBus {
  /** Appends to the topic's history (assigning `eventId`) and publishes to every replica. */
  publish<K extends TopicName>(topic: K, event: NewEvent<K>): Promise<Topics[K]>;
  /**
   * The topic's events: first those after `after` still in the history (in order, once), then live
   * ones, never one twice. Ends when `signal` aborts, or with `SlowConsumerError` when the reader
   * falls `MAX_PENDING_EVENTS` behind.
   */
  subscribe<K extends TopicName>(
    topic: K,
    options: { after?: string; signal?: AbortSignal },
  ): AsyncIterable<Topics[K]>;
  /** Live subscribers of `topic` on this replica (listening, history read). */
  subscriberCount(topic: TopicName): number;
  /** Ends every subscription (streams complete, so clients reconnect elsewhere). */
  close(): Promise<void>;
}

export interface EventBusOptions {
  readonly redis: RedisOwner | undefined;
  readonly storeHash: string;
  readonly logger: Logger;
  /** How long an event stays resumable. */
  readonly resumeWindowSeconds: number;
  /** Events kept per topic however young (a burst cannot grow the history without bound). @default 10000 */
  readonly maxHistoryLength?: number;
  /** Clock of the memory history. @default Date.now */
  readonly now?: () => number;
}

/** A topic's one listener on this replica and the queues it feeds. */
interface Feed<K extends TopicName> {
  readonly readers: Set<PushQueue<Topics[K]>>;
  stop(): void;
}

/** Redis Stream and channel of a topic: `bcgw:v1:{store}:events:<topic>` (a key and a channel). */
export const eventsKey = (storeHash: string, topic: TopicName) =>
  storeKey(storeHash, `events:${topic}`);

export function createEventBus(options: EventBusOptions): EventBus {
  const { redis, storeHash } = options;
  const logger = options.logger.child({ component: 'event-bus' });
  const windowMs = options.resumeWindowSeconds * 1000;
  const maxLength = options.maxHistoryLength ?? 10_000;
  const channel = (topic: TopicName) => eventsKey(storeHash, topic);
  const pubsub = createPubSub<ChannelMap>({ eventTarget: createListeningTarget(redis) });
  // Without Redis the only history; with it, the one of events published while it was down.
  const memory = createMemoryHistory({ windowMs, maxLength, now: options.now });
  const stream =
    redis &&
    createRedisHistory({
      commands: redis.commands,
      streamKey: channel,
      channel,
      windowMs,
      maxLength,
    });
  const counts = new Map<TopicName, number>();
  const open = new Set<PushQueue<never>>();
  const feeds = new Map<TopicName, Feed<never>>();

  /**
   * One listener per topic on this replica, however many subscribe: each event is parsed once and
   * handed to every reader's queue (a reader that falls behind fails alone). Its first `next()`
   * runs now, so listening starts before this returns; it stops with its last reader.
   */
  const feedOf = <K extends TopicName>(topic: K): Feed<K> => {
    const existing = feeds.get(topic) as Feed<K> | undefined;
    if (existing) return existing;
    const readers = new Set<PushQueue<Topics[K]>>();
    const source = pubsub.subscribe(channel(topic))[Symbol.asyncIterator]();
    const feed: Feed<K> = {
      readers,
      stop() {
        if (feeds.get(topic) === (feed as Feed<never>)) feeds.delete(topic);
        void source.return?.();
      },
    };
    feeds.set(topic, feed as Feed<never>);
    const pump = async () => {
      try {
        for (;;) {
          const next = await source.next();
          if (next.done || readers.size === 0) break;
          const event = parseEvent(topic, next.value);
          if (!event) {
            logger.warn({ topic }, 'ignored a malformed event');
            continue;
          }
          for (const reader of readers) reader.push(event);
        }
        for (const reader of readers) reader.close();
      } catch (error) {
        for (const reader of readers) reader.fail(error);
      } finally {
        feed.stop();
      }
    };
    void pump();
    return feed;
  };
  let closed = false;

  /** Resolves once Redis delivers the channel to this replica (at once without Redis). */
  const listening = async (topic: TopicName) => {
    if (!redis) return;
    try {
      // The event target's own SUBSCRIBE went first on the same connection: this reply follows it.
      await redis.subscriber().subscribe(channel(topic));
    } catch (error) {
      redis.health.failed(error);
    }
  };
  // Channels whose SUBSCRIBE failed during an outage are not ioredis's to restore: put them back.
  redis?.subscriber().on('ready', () => {
    for (const [topic, count] of counts) if (count > 0) void listening(topic);
  });

  const readHistory = async <K extends TopicName>(topic: K, after: string) => {
    if (stream) {
      try {
        const events = await stream.after(topic, after);
        redis?.health.succeeded();
        // Events this replica published while Redis was down are only in its memory.
        return [...events, ...memory.after(topic, after)].sort((a, b) =>
          compareEventIds(a.eventId, b.eventId),
        );
      } catch (error) {
        redis?.health.failed(error);
      }
    }
    return memory.after(topic, after);
  };

  async function* subscribe<K extends TopicName>(
    topic: K,
    { after, signal }: { after?: string; signal?: AbortSignal },
  ): AsyncGenerator<Topics[K]> {
    if (closed || signal?.aborted) return;
    // Live first, then the history: an event published in between is in one or both, never neither.
    const live = createPushQueue<Topics[K]>();
    const feed = feedOf(topic);
    feed.readers.add(live);
    const stop = () => live.close();
    open.add(live as PushQueue<never>);
    signal?.addEventListener('abort', stop, { once: true });
    let counted = false;
    try {
      await listening(topic);
      counts.set(topic, (counts.get(topic) ?? 0) + 1);
      counted = true;
      let replayedUpTo: string | undefined;
      if (after !== undefined) {
        for (const event of await readHistory(topic, after)) {
          yield event;
          replayedUpTo = event.eventId;
        }
      }
      for await (const event of live) {
        // Only the first live events can repeat the history's last ones (published while it was
        // read); compared within that prefix alone, so one replica's clock never hides another's.
        if (replayedUpTo !== undefined && compareEventIds(event.eventId, replayedUpTo) <= 0) {
          continue;
        }
        replayedUpTo = undefined;
        yield event;
      }
    } finally {
      if (counted) counts.set(topic, (counts.get(topic) ?? 1) - 1);
      signal?.removeEventListener('abort', stop);
      open.delete(live as PushQueue<never>);
      live.close();
      feed.readers.delete(live);
      if (feed.readers.size === 0) feed.stop();
    }
  }

  return {
    async publish(topic, event) {
      if (stream) {
        try {
          const published = await stream.append(topic, event);
          redis?.health.succeeded();
          return published;
        } catch (error) {
          // Down: this replica's subscribers still get it, and may resume it from memory.
          redis?.health.failed(error);
        }
      }
      const published = memory.append(topic, event);
      pubsub.publish(channel(topic), published);
      return published;
    },
    subscribe,
    subscriberCount: (topic) => counts.get(topic) ?? 0,
    async close() {
      closed = true;
      for (const live of open) live.close();
    },
  };
}
