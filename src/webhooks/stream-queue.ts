import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { RedisOwner } from '../redis/redis-owner.js';
import { parseDelivery, serializeDelivery } from './callback.js';
import { type DeliveryHandler, pause, type WebhookQueue } from './queue.js';
import type { WebhookTuning } from './tuning.js';

export interface StreamQueueOptions {
  readonly redis: RedisOwner;
  /** `storeKey(storeHash, 'webhooks')`. */
  readonly key: string;
  readonly logger: Logger;
  readonly tuning: WebhookTuning;
}

/** Every replica's workers read through this one group, so each entry goes to one of them. */
const GROUP = 'workers';
/** Entries read (or claimed) per round trip. */
const BATCH = 10;
/** Between attempts to reach Redis again while it is down. */
const RECONNECT_PAUSE_MS = 250;

// XREADGROUP: [[stream, [[entryId, [field, value, ...]], ...]]], or null after BLOCK times out.
const entrySchema = z.tuple([z.string(), z.array(z.string()).nullable()]);
const readReplySchema = z.array(z.tuple([z.string(), z.array(entrySchema)])).nullable();
// XAUTOCLAIM: [nextCursor, entries (an entry trimmed meanwhile is null on 6.2), deletedIds (7.0)].
const claimReplySchema = z.tuple([z.string(), z.array(entrySchema.nullable())]).rest(z.unknown());
// XPENDING key group start end count: [[entryId, consumer, idleMs, deliveries], ...].
const pendingReplySchema = z.array(z.tuple([z.string(), z.string(), z.number(), z.number()]));

/**
 * The shared queue: a Redis Stream read by a consumer group. A worker acknowledges an entry once it
 * is done; one a dead worker held is claimed by another replica after `claimAfterMs` (XAUTOCLAIM).
 */
export function createStreamQueue(options: StreamQueueOptions): WebhookQueue {
  const { redis, key, tuning } = options;
  const logger = options.logger;
  const consumer = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // Claims are checked between reads: a read blocks at most half the claim timeout.
  const blockMs = Math.max(50, Math.min(2_000, Math.floor(tuning.claimAfterMs / 2)));
  const stopping = new AbortController();
  let reader: Redis | undefined;
  let reading = false;
  let loop: Promise<void> | undefined;

  const handleEntries = async (
    connection: Redis,
    entries: readonly (z.infer<typeof entrySchema> | null)[],
    handler: DeliveryHandler,
    claimed: boolean,
  ) => {
    for (const entry of entries) {
      if (!entry) continue;
      const [entryId, fields] = entry;
      const delivery = fields && toDelivery(fields);
      const deliveries = claimed ? await deliveryCount(connection, entryId) : 1;
      // An entry that is not a delivery (written by hand, or trimmed) is dropped, not retried.
      const done = delivery ? await handler(delivery, { deliveries }) : true;
      if (!delivery) logger.error({ entryId }, 'webhook stream entry unreadable: dropped');
      if (done) await connection.xack(key, GROUP, entryId);
      if (stopping.signal.aborted) return;
    }
  };

  const deliveryCount = async (connection: Redis, entryId: string) => {
    const reply = pendingReplySchema.safeParse(
      await connection.xpending(key, GROUP, entryId, entryId, 1),
    );
    return reply.success ? (reply.data[0]?.[3] ?? 1) : 1;
  };

  const round = async (connection: Redis, handler: DeliveryHandler, cursor: string) => {
    const claim = claimReplySchema.parse(
      await connection.xautoclaim(
        key,
        GROUP,
        consumer,
        tuning.claimAfterMs,
        cursor,
        'COUNT',
        BATCH,
      ),
    );
    await handleEntries(connection, claim[1], handler, true);
    if (stopping.signal.aborted) return claim[0];
    reading = true;
    const read = await connection
      .call(
        'XREADGROUP',
        'GROUP',
        GROUP,
        consumer,
        'COUNT',
        BATCH,
        'BLOCK',
        blockMs,
        'STREAMS',
        key,
        '>',
      )
      .finally(() => {
        reading = false;
      });
    for (const [, entries] of readReplySchema.parse(read) ?? []) {
      await handleEntries(connection, entries, handler, false);
    }
    return claim[0];
  };

  const run = async (connection: Redis, handler: DeliveryHandler) => {
    let cursor = '0-0';
    let grouped = false;
    while (!stopping.signal.aborted) {
      if (connection.status !== 'ready' || !redis.health.isAvailable()) {
        grouped = false;
        await pause(RECONNECT_PAUSE_MS, stopping.signal);
        continue;
      }
      try {
        // Again after every outage: a Redis restarted without persistence lost the group too.
        if (!grouped) grouped = await createGroup(connection, key);
        cursor = await round(connection, handler, cursor);
      } catch (error) {
        if (stopping.signal.aborted) return;
        if (/NOGROUP/.test(String(error))) grouped = false;
        else logger.debug({ err: error }, 'webhook stream read failed');
        await pause(RECONNECT_PAUSE_MS, stopping.signal);
      }
    }
  };

  return {
    async enqueue(delivery) {
      if (!redis.health.isAvailable()) return false;
      try {
        await redis.health.track(() =>
          redis.commands.xadd(
            key,
            'MAXLEN',
            '~',
            tuning.streamMaxLength,
            '*',
            'id',
            delivery.id,
            'body',
            serializeDelivery(delivery),
          ),
        );
        return true;
      } catch {
        return false;
      }
    },
    start(handler) {
      if (loop) return;
      reader = redis.dedicated('webhooks');
      loop = run(reader, handler);
    },
    async stop() {
      stopping.abort();
      // A blocked read ends when its connection does; an entry in hand gets its bounded time.
      if (reading) reader?.disconnect();
      if (loop)
        await Promise.race([loop, pause(tuning.stopTimeoutMs, new AbortController().signal)]);
      reader?.disconnect();
    },
    async lag() {
      if (!redis.health.isAvailable()) return 0;
      return streamLag(redis.commands, key).catch(() => 0);
    },
  };
}

/** `XGROUP CREATE ... 0 MKSTREAM`: from the start, so entries added before any worker ran are read. */
async function createGroup(connection: Redis, key: string): Promise<boolean> {
  try {
    await connection.xgroup('CREATE', key, GROUP, '0', 'MKSTREAM');
  } catch (error) {
    if (!/BUSYGROUP/.test(String(error))) throw error;
  }
  return true;
}

function toDelivery(fields: readonly string[]) {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2)
    map.set(fields[i] as string, fields[i + 1] as string);
  const id = map.get('id');
  const body = map.get('body');
  return id && body ? parseDelivery(id, body) : undefined;
}

// XINFO GROUPS: one flat [name, value, ...] list per group.
const groupsReplySchema = z.array(z.array(z.union([z.string(), z.number(), z.null()])));

/** Pending (taken, not acknowledged) plus not yet delivered entries of the group. */
async function streamLag(commands: Redis, key: string): Promise<number> {
  let reply: unknown;
  try {
    reply = await commands.xinfo('GROUPS', key);
  } catch (error) {
    // No stream yet: nothing was ever received.
    if (/no such key/i.test(String(error))) return 0;
    throw error;
  }
  const groups = groupsReplySchema.parse(reply).map(toRecord);
  const group = groups.find((fields) => fields.get('name') === GROUP);
  if (!group) return Number(await commands.xlen(key));
  const pending = Number(group.get('pending') ?? 0);
  const lag = group.get('lag');
  if (typeof lag === 'number') return pending + lag;
  // Redis 6.2 has no `lag`, and 7 says null when it cannot tell: count what follows the last
  // delivered entry (bounded: a lag this large is alarming anyway).
  const last = String(group.get('last-delivered-id') ?? '0-0');
  const after = await commands.xrange(key, `(${last}`, '+', 'COUNT', 10_000);
  return pending + after.length;
}

function toRecord(flat: readonly (string | number | null)[]) {
  const record = new Map<string, string | number | null>();
  for (let i = 0; i + 1 < flat.length; i += 2) record.set(String(flat[i]), flat[i + 1] ?? null);
  return record;
}
