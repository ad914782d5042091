/**
 * What the gateway publishes, by topic: light events naming what changed; subscription resolvers
 * load the full object through the loaders. `eventId` is the event's position in its topic's
 * history (a Redis Stream id, or a counter in memory): subscribers resume after it.
 */
interface EventBase {
  readonly eventId: string;
  /** ISO-8601: when BigCommerce says it happened (the webhook's `created_at`). */
  readonly occurredAt: string;
}

export interface ProductUpdatedEvent extends EventBase {
  readonly productId: number;
  /** `store/product/deleted`: the product is gone (subscribers get `product: null`). */
  readonly deleted: boolean;
}

export interface InventoryUpdatedEvent extends EventBase {
  readonly productId: number;
  /** Set for `store/sku/inventory/*` (a variant's stock); absent for a product's own. */
  readonly variantId?: number;
}

export interface CartUpdatedEvent extends EventBase {
  readonly cartId: string;
  /** The cart's owner when known at publish time (0: a guest cart). */
  readonly customerId: number;
  readonly deleted: boolean;
}

export interface OrderUpdatedEvent extends EventBase {
  readonly orderId: number;
  /** The order's customer (0: a guest order), so a subscription can filter before loading it. */
  readonly customerId: number;
}

export interface Topics {
  productUpdated: ProductUpdatedEvent;
  inventoryUpdated: InventoryUpdatedEvent;
  cartUpdated: CartUpdatedEvent;
  orderUpdated: OrderUpdatedEvent;
}

export type TopicName = keyof Topics;

/** What a publisher supplies: the bus assigns `eventId`. */
export type NewEvent<K extends TopicName> = Omit<Topics[K], 'eventId'>;
