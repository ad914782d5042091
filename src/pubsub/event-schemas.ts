import { z } from 'zod';
import type { TopicName, Topics } from './topics.js';

/**
 * The events as they cross Redis (another replica's PUBLISH, a stream entry): parsed here, so a
 * malformed or foreign message is dropped rather than handed to a resolver.
 */
const base = { eventId: z.string(), occurredAt: z.string() };

const schemas: { [K in TopicName]: z.ZodType<Topics[K]> } = {
  productUpdated: z.object({ ...base, productId: z.number().int(), deleted: z.boolean() }),
  inventoryUpdated: z.object({
    ...base,
    productId: z.number().int(),
    variantId: z.number().int().optional(),
  }),
  cartUpdated: z.object({
    ...base,
    cartId: z.string(),
    customerId: z.number().int(),
    deleted: z.boolean(),
  }),
  orderUpdated: z.object({ ...base, orderId: z.number().int(), customerId: z.number().int() }),
};

/** The event, or `undefined` when `value` is not one of `topic`. */
export function parseEvent<K extends TopicName>(topic: K, value: unknown): Topics[K] | undefined {
  const parsed = schemas[topic].safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
