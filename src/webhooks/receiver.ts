import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Invalidator } from '../cache/invalidator.js';
import type { Config } from '../config.js';
import type { HttpClient } from '../datasources/http-client.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { EventBus } from '../pubsub/event-bus.js';
import { storeKey } from '../redis/redis-keys.js';
import type { RedisOwner } from '../redis/redis-owner.js';
import type { WebhookDelivery } from './callback.js';
import { createDeliveryHandler } from './delivery-handler.js';
import { createMemoryQueue } from './memory-queue.js';
import { createOnceMarks } from './once-marks.js';
import { createWebhookProcessor } from './processor.js';
import { toWebhookAction } from './scopes.js';
import { createStreamQueue } from './stream-queue.js';
import { DEDUPE_TTL_MS, DEFAULT_WEBHOOK_TUNING, type WebhookTuning } from './tuning.js';
import { createWebhookVerifier, type WebhookVerifier } from './verify.js';
import { createWebhookMetrics } from './webhook-metrics.js';

/**
 * BigCommerce's webhook callbacks: verified (Standard Webhooks), made durable (a Redis Stream, a
 * memory queue without Redis), acknowledged at once, then processed by workers on every replica
 * through a consumer group: caches evicted, the fresh resource fetched, a typed event published.
 */
export interface WebhookReceiver {
  /** Whether this request is a callback (its path is `WEBHOOK_PATH`). */
  handles(pathname: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Starts this replica's workers. */
  start(): Promise<void>;
  /** Stops taking new events, lets the one in hand finish (or be claimed later), closes. */
  stop(): Promise<void>;
  /** Events received but not yet acknowledged by any worker (the stream's lag). */
  lag(): Promise<number>;
}

export interface WebhookReceiverOptions {
  readonly config: Config;
  readonly redis: RedisOwner | undefined;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly http: HttpClient;
  readonly invalidator: Invalidator;
  readonly events: EventBus;
  /** @default Date.now */
  readonly now?: () => number;
  /** Queue and worker settings (tests shorten the claim timeout). @default DEFAULT_WEBHOOK_TUNING */
  readonly tuning?: Partial<WebhookTuning>;
}

/** A callback is a few hundred bytes; anything near this is not one. */
const MAX_BODY_BYTES = 64 * 1024;

export function createWebhookReceiver(options: WebhookReceiverOptions): WebhookReceiver {
  const { config, redis } = options;
  const path = config.realtime.webhookPath;
  const logger = options.logger.child({ component: 'webhooks' });
  const tuning: WebhookTuning = { ...DEFAULT_WEBHOOK_TUNING, ...options.tuning };
  const keyOf = (name: string) => (id: string) =>
    storeKey(config.storeHash, `webhooks:${name}:${encodeURIComponent(id)}`);
  const seen = createOnceMarks({ redis, keyOf: keyOf('seen'), ttlMs: DEDUPE_TTL_MS });
  const memory = createMemoryQueue({
    maxLength: tuning.memoryQueueMax,
    stopTimeoutMs: tuning.stopTimeoutMs,
  });
  const stream =
    redis &&
    createStreamQueue({
      redis,
      key: storeKey(config.storeHash, 'webhooks'),
      logger,
      tuning,
    });
  const lag = async () => (stream ? await stream.lag() : 0) + memory.size;
  const metrics = createWebhookMetrics(options.metrics, lag);
  const handler = createDeliveryHandler({
    process: createWebhookProcessor({
      http: options.http,
      invalidator: options.invalidator,
      events: options.events,
      published: createOnceMarks({ redis, keyOf: keyOf('published'), ttlMs: DEDUPE_TTL_MS }),
    }),
    redis,
    deadLetterKey: storeKey(config.storeHash, 'webhooks:dead'),
    logger,
    metrics,
    tuning,
  });
  const secret = config.access.clientSecret;
  const verify: WebhookVerifier | undefined = secret
    ? createWebhookVerifier({
        clientSecret: secret,
        storeHash: config.storeHash,
        toleranceSeconds: config.realtime.webhookToleranceSeconds,
        requiredHeader: config.realtime.webhookRequiredHeader,
        now: options.now,
      })
    : undefined;
  let warnedUnconfigured = false;

  /** The stream when Redis takes it, else this replica's memory; false if neither can. */
  const enqueue = async (delivery: WebhookDelivery) =>
    (stream !== undefined && (await stream.enqueue(delivery))) || (await memory.enqueue(delivery));

  const receive = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') return answer(res, 405, { allow: 'POST' });
    if (!verify) {
      if (!warnedUnconfigured) {
        warnedUnconfigured = true;
        logger.warn('BIGCOMMERCE_CLIENT_SECRET is not set: webhook callbacks are refused (503)');
      }
      return answer(res, 503);
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === 'too-large') return answer(res, 413);
    if (!body) return;
    const verified = verify(body, req.headers);
    if (!verified.ok || !hasReadableData(verified.callback)) {
      const reason = verified.ok ? 'malformed data' : verified.reason;
      // The reason and the id only: a refused body is not to be trusted, nor kept.
      logger.warn({ reason, webhookId: req.headers['webhook-id'] }, 'webhook refused');
      metrics.count('refused');
      return answer(res, verified.ok ? 400 : verified.status);
    }
    const delivery = { id: verified.id, callback: verified.callback };
    if (!(await seen.take(delivery.id))) {
      metrics.count('duplicate');
      return answer(res, 200);
    }
    if (!(await enqueue(delivery))) {
      // Nothing holds it: forget it was seen, so BigCommerce's redelivery is taken.
      await seen.release(delivery.id);
      logger.error({ webhookId: delivery.id }, 'webhook not queued: no room; asking for a retry');
      return answer(res, 503);
    }
    metrics.count('received');
    answer(res, 200);
  };

  return {
    handles: (pathname) => pathname === path,
    async handle(req, res) {
      try {
        await receive(req, res);
      } catch (error) {
        logger.error({ err: error }, 'webhook receive failed');
        if (!res.headersSent) answer(res, 503);
      }
    },
    async start() {
      if (!tuning.workers) return;
      memory.start(handler);
      stream?.start(handler);
    },
    async stop() {
      handler.stop();
      const left = memory.size;
      await Promise.all([stream?.stop(), memory.stop()]);
      if (left > 0) logger.warn({ left }, 'webhooks held in memory were not processed before stop');
    },
    lag,
  };
}

function answer(res: ServerResponse, status: number, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'cache-control': 'no-store', ...headers }).end();
}

/** Whether `data` has what its scope promises (the worker could not act on it otherwise). */
function hasReadableData(callback: WebhookDelivery['callback']): boolean {
  try {
    toWebhookAction(callback);
    return true;
  } catch {
    return false;
  }
}

/** The raw body, up to `limit` bytes; undefined when the client went away. */
async function readBody(
  req: IncomingMessage,
  limit: number,
): Promise<Buffer | 'too-large' | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return 'too-large';
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > limit) return 'too-large';
      chunks.push(buffer);
    }
  } catch {
    return undefined;
  }
  return Buffer.concat(chunks);
}
