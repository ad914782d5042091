import { describe, expect, it } from 'vitest';
import {
  UpstreamRateLimitedError,
  UpstreamResponseError,
  UpstreamUnavailableError,
} from '../../src/datasources/errors.js';
import { createLogger } from '../../src/logger.js';
import type { WebhookDelivery } from '../../src/webhooks/callback.js';
import { createDeliveryHandler } from '../../src/webhooks/delivery-handler.js';
import type { WebhookProcessor } from '../../src/webhooks/processor.js';
import { DEFAULT_WEBHOOK_TUNING } from '../../src/webhooks/tuning.js';
import type { WebhookOutcome } from '../../src/webhooks/webhook-metrics.js';

const delivery = {
  id: 'msg_1',
  callback: {
    scope: 'store/product/updated',
    store_id: '1',
    producer: 'stores/abc',
    hash: 'h',
    created_at: 1,
    data: { type: 'product', id: 1 },
  },
} as unknown as WebhookDelivery;

/** A handler over a processor that fails `failures` times with `error`, then succeeds. */
function handlerFailing(failures: number, error: () => Error) {
  const counts: WebhookOutcome[] = [];
  let calls = 0;
  const process: WebhookProcessor = async () => {
    calls += 1;
    if (calls <= failures) throw error();
    return { outcome: 'published', topic: 'productUpdated' };
  };
  const handle = createDeliveryHandler({
    process,
    redis: undefined,
    deadLetterKey: 'dead',
    logger: createLogger('silent'),
    metrics: { count: (outcome) => counts.push(outcome), published: () => {} },
    tuning: { ...DEFAULT_WEBHOOK_TUNING, maxAttempts: 3, retryDelaysMs: [1] },
  });
  return { handle, counts, calls: () => calls };
}

describe('webhook delivery handler', () => {
  it('waits out a rate-limited or unreachable BigCommerce without spending attempts', async () => {
    for (const error of [
      () => new UpstreamRateLimitedError('429', { retryAfterMs: 1 }),
      () => new UpstreamUnavailableError('503'),
    ]) {
      const { handle, counts, calls } = handlerFailing(6, error);
      expect(await handle(delivery, { deliveries: 1 })).toBe(true);
      expect(calls()).toBe(7);
      expect(counts).not.toContain('dead-lettered');
      expect(counts).toContain('processed');
    }
  });

  it('dead-letters an event whose processing keeps failing for its own reasons', async () => {
    const { handle, counts, calls } = handlerFailing(5, () => new UpstreamResponseError('bad'));
    expect(await handle(delivery, { deliveries: 1 })).toBe(true);
    expect(calls()).toBe(3);
    expect(counts).toContain('dead-lettered');
  });
});
