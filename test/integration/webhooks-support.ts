import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { Metrics } from '../../src/metrics.js';
import { counterValue } from '../helpers/metrics.js';

/** What a test sends: a callback body, signed as BigCommerce signs (unless told otherwise). */
export interface Callback {
  scope: string;
  data: Record<string, unknown>;
  /** @default `stores/{storeHash}` */
  producer?: string;
  /** @default now */
  createdAt?: number;
}

export interface SendOptions {
  /** @default a fresh `msg_…` */
  id?: string;
  secret: string;
  /** @default Date.now() */
  at?: number;
  /** Changes the body after signing. */
  tamper?: (raw: string) => string;
  headers?: Record<string, string>;
}

/** Signs and POSTs one callback; resolves with the status and how long the answer took. */
export async function sendWebhook(
  url: string,
  storeHash: string,
  callback: Callback,
  options: SendOptions,
): Promise<{ status: number; ms: number; id: string }> {
  const id = options.id ?? `msg_${randomUUID()}`;
  const at = options.at ?? Date.now();
  const raw = JSON.stringify({
    scope: callback.scope,
    store_id: '1025646',
    data: callback.data,
    hash: randomUUID().replaceAll('-', ''),
    created_at: callback.createdAt ?? Math.floor(at / 1000),
    producer: callback.producer ?? `stores/${storeHash}`,
  });
  const signer = new Webhook(Buffer.from(options.secret).toString('base64'));
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at / 1000)),
      'webhook-signature': signer.sign(id, new Date(at), raw),
      ...options.headers,
    },
    body: options.tamper ? options.tamper(raw) : raw,
  });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started, id };
}

/** The receiver's counters of one gateway. */
export async function webhookCounts(metrics: Metrics) {
  const outcome = (name: string) => counterValue(metrics, 'bcgw_webhooks_total', { outcome: name });
  return {
    received: await outcome('received'),
    duplicate: await outcome('duplicate'),
    refused: await outcome('refused'),
    processed: await outcome('processed'),
    retried: await outcome('retried'),
    deadLettered: await outcome('dead-lettered'),
    published: await counterValue(metrics, 'bcgw_webhook_events_published_total'),
  };
}

/** The webhook URL of a gateway whose GraphQL endpoint is `endpoint`. */
export const webhookUrl = (endpoint: string) =>
  endpoint.replace(/\/graphql$/, '/webhooks/bigcommerce');
