import type { Logger } from '../../logger.js';
import { REDIS_KEY_PREFIX, storeKey } from '../../redis/redis-keys.js';
import type { RedisOwner } from '../../redis/redis-owner.js';
import { type StoredApiKey, storedApiKeySchema } from './api-key-record.js';
import { type KeyRecords, KeyRecordsUnavailableError } from './key-store.js';

/** One Redis hash per store, `id -> record JSON`: a lookup is one HGET, a listing one HGETALL. */
export function apiKeysRedisKey(storeHash: string | undefined): string {
  return storeHash ? storeKey(storeHash, 'api-keys') : `${REDIS_KEY_PREFIX}api-keys`;
}

/** Carries the id of each revoked key, so replicas drop their copy at once. */
export function apiKeyRevocationsChannel(storeHash: string | undefined): string {
  return `${apiKeysRedisKey(storeHash)}:revoked`;
}

export interface RedisKeyRecordsOptions {
  /** Uses the owner's command connection and, once keys are checked, its subscriber. */
  readonly redis: RedisOwner;
  /** Keys are kept per store, beside the store's other keys (its Cluster hash tag). */
  readonly storeHash: string | undefined;
  readonly logger?: Logger;
  /** @default Date.now */
  readonly now?: () => number;
  /**
   * How long a record read from Redis answers again without a read. Only trusted while this
   * replica is subscribed to revocations, and never longer than this even if a message is lost.
   * @default 250
   */
  readonly freshMs?: number;
  /**
   * How long a key seen valid keeps working while Redis does not answer. Failing closed at
   * once would turn a Redis restart or failover into an outage for every partner; failing open
   * would let in keys nobody checked. In between: a key read from Redis within this window keeps
   * the record it had (expiry still checked), any other key is refused (401). What it risks: a
   * revocation written while this replica cannot reach Redis is seen up to this late.
   * @default 300000 (5 min)
   */
  readonly outageGraceMs?: number;
}

interface Seen {
  readonly record: StoredApiKey;
  readonly fetchedAt: number;
}

/**
 * Keys in Redis, shared by every replica and the CLI. Each check reads Redis unless this replica
 * read the record within `freshMs` while subscribed to revocations, which drop the copy at once.
 */
export function createRedisKeyRecords(options: RedisKeyRecordsOptions): KeyRecords {
  const { redis, logger } = options;
  const now = options.now ?? Date.now;
  const freshMs = Math.min(options.freshMs ?? 250, 500);
  const graceMs = options.outageGraceMs ?? 300_000;
  const hashKey = apiKeysRedisKey(options.storeHash);
  const channel = apiKeyRevocationsChannel(options.storeHash);
  const seen = new Map<string, Seen>();
  // Revocations heard so far: a read that overlapped one may be older than it, so is not kept.
  let revocationsHeard = 0;
  let subscribedAt: number | undefined;
  let subscriber: ReturnType<RedisOwner['subscriber']> | undefined;

  const onMessage = (from: string, id: string) => {
    if (from !== channel) return;
    revocationsHeard += 1;
    seen.delete(id);
  };
  const subscribe = () => {
    subscriber?.subscribe(channel).then(
      () => {
        subscribedAt = now();
      },
      (error: unknown) => logger?.debug({ err: error }, 'api key revocations: subscribe failed'),
    );
  };
  // Messages sent while disconnected are lost: nothing read before the resubscription is trusted.
  const onClose = () => {
    subscribedAt = undefined;
  };
  // Subscribes on first use, so the CLI (which checks no key) opens no subscriber connection.
  const listen = () => {
    if (subscriber) return;
    subscriber = redis.subscriber();
    subscriber.on('message', onMessage);
    subscriber.on('ready', subscribe);
    subscriber.on('close', onClose);
    if (subscriber.status === 'ready') subscribe();
  };

  const isFresh = (entry: Seen) =>
    subscribedAt !== undefined &&
    entry.fetchedAt >= subscribedAt &&
    now() - entry.fetchedAt < freshMs;

  const parse = (raw: string): StoredApiKey | undefined => {
    try {
      const parsed = storedApiKeySchema.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON: refused below like any other malformed record.
    }
    logger?.warn({ key: hashKey }, 'ignored a malformed api key record in redis');
    return undefined;
  };

  /** Runs a Redis call, telling the owner's health how it went. */
  const call = <T>(run: () => Promise<T>): Promise<T> =>
    redis.health.track(run).catch((error: unknown) => {
      throw new KeyRecordsUnavailableError('api keys cannot be read from redis', { cause: error });
    });

  return {
    kind: 'redis',
    async get(id) {
      listen();
      const known = seen.get(id);
      if (known && isFresh(known)) return known.record;
      const heardBefore = revocationsHeard;
      let raw: string | null;
      try {
        raw = await call(() => redis.commands.hget(hashKey, id));
      } catch (error) {
        if (known && now() - known.fetchedAt < graceMs) return known.record;
        throw error;
      }
      const record = raw === null ? undefined : parse(raw);
      if (record && revocationsHeard === heardBefore) seen.set(id, { record, fetchedAt: now() });
      else seen.delete(id);
      return record;
    },
    async all() {
      const values = await call(() => redis.commands.hvals(hashKey));
      return values.map(parse).filter((record) => record !== undefined);
    },
    async add(record) {
      const added = await call(() =>
        redis.commands.hsetnx(hashKey, record.id, JSON.stringify(record)),
      );
      if (added !== 1) throw new Error('api key id collision');
    },
    async revoke(id, revokedAt) {
      const raw = await call(() => redis.commands.hget(hashKey, id));
      const record = raw === null ? undefined : parse(raw);
      if (!record) return undefined;
      const revoked = { ...record, revokedAt: record.revokedAt ?? revokedAt };
      await call(() => redis.commands.hset(hashKey, id, JSON.stringify(revoked)));
      seen.delete(id);
      await call(() => redis.commands.publish(channel, id));
      return revoked;
    },
    async close() {
      if (!subscriber) return;
      subscriber.off('message', onMessage);
      subscriber.off('ready', subscribe);
      subscriber.off('close', onClose);
      if (subscriber.status === 'ready') await subscriber.unsubscribe(channel).catch(() => {});
    },
  };
}
