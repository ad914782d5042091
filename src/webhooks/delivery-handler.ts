import { UpstreamRateLimitedError, UpstreamUnavailableError } from '../datasources/errors.js';
import type { Logger } from '../logger.js';
import type { RedisOwner } from '../redis/redis-owner.js';
import { serializeDelivery, type WebhookDelivery } from './callback.js';
import type { WebhookProcessor } from './processor.js';
import { type DeliveryHandler, pause } from './queue.js';
import type { WebhookTuning } from './tuning.js';
import type { WebhookMetrics } from './webhook-metrics.js';

export interface DeliveryHandlerOptions {
  readonly process: WebhookProcessor;
  readonly redis: RedisOwner | undefined;
  /** The stream failed events go to (`storeKey(storeHash, 'webhooks:dead')`). */
  readonly deadLetterKey: string;
  readonly logger: Logger;
  readonly metrics: WebhookMetrics;
  readonly tuning: WebhookTuning;
}

/** The longest pause between two tries while BigCommerce is rate limiting or unreachable. */
const MAX_UPSTREAM_WAIT_MS = 5_000;

/**
 * BigCommerce saying "not now" (its quota, an outage) is no fault of the event: it is tried again
 * until the upstream answers, and never dead-lettered for it.
 */
function upstreamWaitMs(error: unknown, waits: number, baseMs: number): number | undefined {
  if (error instanceof UpstreamRateLimitedError) {
    return Math.min(error.retryAfterMs ?? 1_000, MAX_UPSTREAM_WAIT_MS);
  }
  if (error instanceof UpstreamUnavailableError) {
    return Math.min(baseMs * 2 ** Math.min(waits, 5), MAX_UPSTREAM_WAIT_MS);
  }
  return undefined;
}

/** Failed events kept for an operator to look at; older ones are trimmed. */
const DEAD_LETTER_MAX_LENGTH = 10_000;

/**
 * What a worker does with one event: a few attempts with a pause between them, then the event is
 * dead-lettered and acknowledged, so one poisonous event never blocks the queue. An upstream that
 * is rate limiting or down costs no attempt: the event waits for it. Stopping leaves
 * the event unacknowledged, for another replica to claim.
 */
export function createDeliveryHandler(options: DeliveryHandlerOptions) {
  const { logger, metrics, tuning, redis } = options;
  const stopping = new AbortController();

  const deadLetter = async (delivery: WebhookDelivery, reason: string) => {
    metrics.count('dead-lettered');
    logger.error(
      { webhookId: delivery.id, scope: delivery.callback.scope, reason },
      'webhook dead-lettered: not processed',
    );
    if (!redis?.health.isAvailable()) return;
    await redis.health
      .track(() =>
        redis.commands.xadd(
          options.deadLetterKey,
          'MAXLEN',
          '~',
          DEAD_LETTER_MAX_LENGTH,
          '*',
          'id',
          delivery.id,
          'body',
          serializeDelivery(delivery),
          'reason',
          reason,
        ),
      )
      .catch(() => undefined);
  };

  const handle: DeliveryHandler = async (delivery, { deliveries }) => {
    if (deliveries > tuning.maxDeliveries) {
      await deadLetter(delivery, `delivered ${deliveries} times without being acknowledged`);
      return true;
    }
    let failure = '';
    let upstreamWaits = 0;
    for (let attempt = 1; attempt <= tuning.maxAttempts; attempt += 1) {
      if (stopping.signal.aborted) return false;
      try {
        const { outcome, topic } = await options.process(delivery);
        metrics.count('processed');
        if (outcome === 'published' && topic) metrics.published(topic);
        return true;
      } catch (error) {
        const wait = upstreamWaitMs(error, upstreamWaits, tuning.retryDelaysMs[0] ?? 250);
        if (wait !== undefined) {
          // Not an attempt: the event waits for BigCommerce (stopping leaves it for a claim).
          if (upstreamWaits++ === 0) {
            logger.warn({ webhookId: delivery.id }, 'webhook processing waits for BigCommerce');
          }
          metrics.count('retried');
          await pause(wait, stopping.signal);
          attempt -= 1;
          continue;
        }
        failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (attempt === tuning.maxAttempts) break;
        metrics.count('retried');
        logger.debug({ webhookId: delivery.id, attempt, failure }, 'webhook processing failed');
        const delays = tuning.retryDelaysMs;
        await pause(delays[Math.min(attempt - 1, delays.length - 1)] ?? 0, stopping.signal);
      }
    }
    if (stopping.signal.aborted) return false;
    await deadLetter(delivery, failure);
    return true;
  };

  return Object.assign(handle, {
    /** Ends retries at once: an event in hand is left for another worker. */
    stop: () => stopping.abort(),
  });
}
