import { createHash, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** `data` of a callback: `{ type, id, ... }` plus what its scope adds (`sku`, `inventory`, `status`). */
export interface HookEventData {
  type: string;
  id?: number | string;
  [field: string]: unknown;
}

/** The callback body, exactly the fields and order of `webhooks/data/*.json`. */
export interface HookCallbackBody {
  scope: string;
  store_id: string;
  data: HookEventData;
  hash: string;
  created_at: number;
  producer: string;
}

/** One event for one hook: the body is fixed, every attempt (and redelivery) keeps its `id`. */
export interface HookMessage {
  /** The Standard Webhooks `webhook-id`. */
  id: string;
  hookId: number;
  body: HookCallbackBody;
  /** The body as sent: what the signature covers. */
  raw: string;
}

export interface CallbackOrigin {
  storeHash: string;
  storeId: string;
}

export function createMessage(
  origin: CallbackOrigin,
  hookId: number,
  scope: string,
  data: HookEventData,
  nowMs: number,
): HookMessage {
  const body: HookCallbackBody = {
    scope,
    store_id: origin.storeId,
    data,
    // The spec: "the payload data encoded in JSON format and then passed through SH1". So the
    // same data gives the same hash whatever the scope or time, as in the spec's examples.
    hash: createHash('sha1').update(JSON.stringify(data)).digest('hex'),
    created_at: Math.floor(nowMs / 1000),
    producer: `stores/${origin.storeHash}`,
  };
  return { id: `msg_${randomUUID()}`, hookId, body, raw: JSON.stringify(body) };
}

/**
 * Signs callbacks as BigCommerce does, per Standard Webhooks: HMAC-SHA256 over
 * `{id}.{timestamp}.{body}`, keyed by the app's client secret; `standardwebhooks` takes the key
 * base64-encoded, so the secret is encoded once here.
 */
export function createSigner(clientSecret: string) {
  const webhook = new Webhook(Buffer.from(clientSecret, 'utf8').toString('base64'));
  return (message: HookMessage, nowMs: number): Record<string, string> => {
    // Each attempt is signed at its own time (a retry an hour later is not stale); the id stays.
    const at = new Date(nowMs);
    return {
      'webhook-id': message.id,
      'webhook-timestamp': String(Math.floor(nowMs / 1000)),
      'webhook-signature': webhook.sign(message.id, at, message.raw),
    };
  };
}
