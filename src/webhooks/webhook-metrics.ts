import { Counter, Gauge } from 'prom-client';
import type { Metrics } from '../metrics.js';

/** What happened to a callback: at the door (received, duplicate, refused) and in a worker. */
export type WebhookOutcome =
  | 'received'
  | 'duplicate'
  | 'refused'
  | 'processed'
  | 'retried'
  | 'dead-lettered';

export interface WebhookMetrics {
  count(outcome: WebhookOutcome): void;
  published(topic: string): void;
}

/**
 * The receiver's series, in the app's registry: counts by outcome, events published by topic, and
 * the stream's lag as a gauge read when `/metrics` is scraped.
 */
export function createWebhookMetrics(metrics: Metrics, lag: () => Promise<number>): WebhookMetrics {
  const outcomes = new Counter({
    name: 'bcgw_webhooks_total',
    help: 'BigCommerce callbacks by outcome: received, duplicate, refused, processed, retried, dead-lettered.',
    labelNames: ['outcome'],
    registers: [metrics.registry],
  });
  const published = new Counter({
    name: 'bcgw_webhook_events_published_total',
    help: 'Events published from callbacks, by topic (once per webhook id).',
    labelNames: ['topic'],
    registers: [metrics.registry],
  });
  new Gauge({
    name: 'bcgw_webhook_lag',
    help: 'Callbacks received and not yet acknowledged by a worker (pending plus undelivered).',
    registers: [metrics.registry],
    async collect() {
      this.set(await lag());
    },
  });
  return {
    count: (outcome) => outcomes.inc({ outcome }),
    published: (topic) => published.inc({ topic }),
  };
}
