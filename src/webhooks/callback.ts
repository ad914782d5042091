import { z } from 'zod';

/**
 * The body of every BigCommerce callback (`webhook_callback_base` in webhooks.v3.yml): light, naming
 * what changed; `data` varies by scope and is parsed where the scope is mapped (`scopes.ts`).
 */
export const bcWebhookCallbackSchema = z.object({
  scope: z.string().min(1),
  // A string in the spec (`'1025646'`); a number is accepted too, since it is only ever logged.
  store_id: z.union([z.string().min(1), z.number().int()]).transform(String),
  /** `stores/{store_hash}`: the store that sent it. */
  producer: z.string().min(1),
  hash: z.string().min(1),
  /** Unix seconds. */
  created_at: z.number().int().nonnegative(),
  data: z.record(z.string(), z.unknown()),
});

export type BcWebhookCallback = z.infer<typeof bcWebhookCallbackSchema>;

/** What the queue holds: the verified delivery, ready for a worker on any replica. */
export interface WebhookDelivery {
  /** `webhook-id`: the same for every redelivery of one event. */
  readonly id: string;
  readonly callback: BcWebhookCallback;
}

/** The callback as the queue stores it (JSON of the parsed body). */
export function serializeDelivery(delivery: WebhookDelivery): string {
  return JSON.stringify(delivery.callback);
}

/** Reads back what `serializeDelivery` wrote; undefined when it is not a callback. */
export function parseDelivery(id: string, text: string): WebhookDelivery | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = bcWebhookCallbackSchema.safeParse(json);
  return parsed.success ? { id, callback: parsed.data } : undefined;
}
