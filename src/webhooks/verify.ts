import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { type BcWebhookCallback, bcWebhookCallbackSchema } from './callback.js';

export interface WebhookVerifierOptions {
  /** `BIGCOMMERCE_CLIENT_SECRET`: BigCommerce keys the HMAC with its base64. */
  readonly clientSecret: string;
  /** Callbacks whose `producer` is not `stores/{storeHash}` are refused. */
  readonly storeHash: string;
  /** How far a `webhook-timestamp` may be from now, either way (replays, skewed clocks). */
  readonly toleranceSeconds: number;
  /** `[lower-case name, value]` of a custom header every hook sends, when required. */
  readonly requiredHeader?: readonly [string, string];
  /** @default Date.now */
  readonly now?: () => number;
}

/** Why a callback was refused: logged, never told to the sender. */
export type RefusalReason =
  | 'missing signature headers'
  | 'bad signature'
  | 'stale timestamp'
  | 'future timestamp'
  | 'missing required header'
  | 'wrong producer';

export type Verification =
  | { ok: true; id: string; callback: BcWebhookCallback }
  /** `malformed`: signed by the store, yet not a callback body (a 400, not a 401). */
  | { ok: false; status: 401; reason: RefusalReason }
  | { ok: false; status: 400; reason: 'malformed body' };

/**
 * Standard Webhooks verification over the raw body. The package signs; the timestamp check is
 * ours, because the package's tolerance is fixed at five minutes against `Date.now`.
 */
export function createWebhookVerifier(options: WebhookVerifierOptions) {
  const signer = new Webhook(Buffer.from(options.clientSecret).toString('base64'));
  const now = options.now ?? Date.now;
  const producer = `stores/${options.storeHash}`;

  return (body: Buffer, headers: IncomingHttpHeaders): Verification => {
    const id = single(headers['webhook-id']);
    const timestamp = single(headers['webhook-timestamp']);
    const signatures = single(headers['webhook-signature']);
    if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) {
      return refuse('missing signature headers');
    }
    const seconds = Number(timestamp);
    const age = Math.floor(now() / 1000) - seconds;
    if (age > options.toleranceSeconds) return refuse('stale timestamp');
    if (-age > options.toleranceSeconds) return refuse('future timestamp');
    const expected = signer.sign(id, new Date(seconds * 1000), body).split(',')[1] ?? '';
    if (!anySignatureMatches(signatures, expected)) return refuse('bad signature');
    if (options.requiredHeader && !headerMatches(headers, options.requiredHeader)) {
      return refuse('missing required header');
    }
    const callback = parseBody(body);
    if (!callback) return { ok: false, status: 400, reason: 'malformed body' };
    if (callback.producer !== producer) return refuse('wrong producer');
    return { ok: true, id, callback };
  };
}

export type WebhookVerifier = ReturnType<typeof createWebhookVerifier>;

const refuse = (reason: RefusalReason): Verification => ({ ok: false, status: 401, reason });

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `v1,<base64> v1,<base64>`: any v1 signature may match (the sender may be rotating secrets). */
function anySignatureMatches(header: string, expected: string): boolean {
  return header.split(' ').some((versioned) => {
    const [version, signature] = versioned.split(',');
    return version === 'v1' && signature !== undefined && constantTimeEqual(signature, expected);
  });
}

function headerMatches(headers: IncomingHttpHeaders, [name, value]: readonly [string, string]) {
  const sent = single(headers[name]);
  return sent !== undefined && constantTimeEqual(sent, value);
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function parseBody(body: Buffer): BcWebhookCallback | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = bcWebhookCallbackSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
