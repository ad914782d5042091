import type { Invalidator } from '../cache/invalidator.js';
import { CartsApi } from '../datasources/carts.js';
import { CatalogApi } from '../datasources/catalog.js';
import type { HttpClient } from '../datasources/http-client.js';
import { OrdersApi } from '../datasources/orders.js';
import type { EventBus } from '../pubsub/event-bus.js';
import type { NewEvent, TopicName } from '../pubsub/topics.js';
import type { WebhookDelivery } from './callback.js';
import type { OnceMarks } from './once-marks.js';
import { toWebhookAction, type WebhookAction } from './scopes.js';

export interface WebhookProcessorOptions {
  readonly http: HttpClient;
  readonly invalidator: Invalidator;
  readonly events: EventBus;
  /** Webhook ids already published (across replicas): two workers racing after a claim publish once. */
  readonly published: OnceMarks;
}

/** How one event ended: published, evictions only, already published elsewhere, not ours. */
export type ProcessOutcome = 'published' | 'evicted' | 'duplicate' | 'ignored';

/** A publication, once `occurredAt` is known. */
interface Publish {
  readonly topic: TopicName;
  send(occurredAt: string): Promise<unknown>;
}

export interface ProcessResult {
  readonly outcome: ProcessOutcome;
  /** The topic published to (or that would have been, for a duplicate). */
  readonly topic?: TopicName;
}

/**
 * Turns one callback into its effects, in the order that keeps readers right: evict what it
 * touches, fetch the fresh resource (at background priority, behind shoppers), then publish.
 * Throws on an upstream failure, for the worker to retry.
 */
export function createWebhookProcessor(options: WebhookProcessorOptions) {
  const { http, invalidator, events, published } = options;
  // Behind shopper traffic in the shared quota: a burst of callbacks must not slow the storefront.
  const catalog = new CatalogApi(http, { priority: 'background' });
  const carts = new CartsApi(http, { priority: 'background' });
  const orders = new OrdersApi(http, { priority: 'background' });

  const emit = <K extends TopicName>(
    topic: K,
    event: Omit<NewEvent<K>, 'occurredAt'>,
  ): Publish => ({
    topic,
    send: (occurredAt) => events.publish(topic, { ...event, occurredAt } as NewEvent<K>),
  });

  /** Whether the product is still there (the answer to "deleted meanwhile?"). */
  const productExists = async (productId: number) =>
    (await catalog.getProductsByIds([productId], { include: [], fields: ['name'] })).length > 0;

  const apply = async (action: WebhookAction): Promise<Publish | undefined> => {
    switch (action.kind) {
      case 'product': {
        await invalidator.entityChanged('product', action.productId);
        const deleted = action.deleted || !(await productExists(action.productId));
        return emit('productUpdated', { productId: action.productId, deleted });
      }
      case 'variant': {
        await invalidator.entityChanged('variant', action.variantId);
        await invalidator.entityChanged('product', action.productId);
        const deleted = !(await productExists(action.productId));
        return emit('productUpdated', { productId: action.productId, deleted });
      }
      case 'inventory': {
        if (action.variantId !== undefined) {
          await invalidator.entityChanged('variant', action.variantId);
        }
        await invalidator.entityChanged('product', action.productId);
        await productExists(action.productId);
        return emit('inventoryUpdated', {
          productId: action.productId,
          ...(action.variantId === undefined ? {} : { variantId: action.variantId }),
        });
      }
      case 'cart':
        // Carts are never cached across requests (`cache/keys.ts`): nothing to evict.
        return emit('cartUpdated', await cartEvent(action));
      case 'order': {
        const order = await orders.getOrder(action.orderId);
        return emit('orderUpdated', {
          orderId: action.orderId,
          customerId: order?.customer_id ?? 0,
        });
      }
      case 'category':
        await invalidator.entityChanged('category', action.categoryId);
        return undefined;
      case 'customer':
        // Customers are never cached across requests, and no subscription is about them.
        return undefined;
    }
  };

  const cartEvent = async (action: Extract<WebhookAction, { kind: 'cart' }>) => {
    const cart = action.deleted ? null : await carts.getCart(action.cartId);
    // A converted cart may be gone already: its order names the customer.
    const order = !cart && action.orderId ? await orders.getOrder(action.orderId) : null;
    return {
      cartId: action.cartId,
      customerId: cart?.customer_id ?? order?.customer_id ?? 0,
      deleted: action.deleted || !cart,
    };
  };

  return async (delivery: WebhookDelivery): Promise<ProcessResult> => {
    const action = toWebhookAction(delivery.callback);
    if (!action) return { outcome: 'ignored' };
    const publish = await apply(action);
    if (!publish) return { outcome: 'evicted' };
    const { topic } = publish;
    if (!(await published.take(delivery.id))) return { outcome: 'duplicate', topic };
    try {
      await publish.send(new Date(delivery.callback.created_at * 1000).toISOString());
    } catch (error) {
      // Not published after all: a retry (here or after a claim) may publish it.
      await published.release(delivery.id);
      throw error;
    }
    return { outcome: 'published', topic };
  };
}

export type WebhookProcessor = ReturnType<typeof createWebhookProcessor>;
