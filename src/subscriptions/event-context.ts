import type { Context } from '../context.js';
import { createCartLoaders } from '../schema/commerce/cart-loaders.js';
import { checkoutLoader } from '../schema/commerce/checkout-loader.js';
import { createCustomerLoaders } from '../schema/customers/customer-loaders.js';
import { createOrderLoaders } from '../schema/orders/order-loaders.js';

/**
 * What a subscription keeps beside its context: a context lives as long as its subscription, so
 * everything here is keyed by it (or by its request) and goes with it.
 */

/** Builds the catalog loaders of a context anew (`useSubscriptions` registers it; it holds the cache). */
export type CatalogLoadersFactory = (ctx: Context) => Context['loaders'];

const catalogLoaders = new WeakMap<object, CatalogLoadersFactory>();
const currentEvents = new WeakMap<object, string>();
const lastEventIds = new WeakMap<Request, string>();

export function registerCatalogLoaders(ctx: object, factory: CatalogLoadersFactory): void {
  catalogLoaders.set(ctx, factory);
}

/**
 * Gives the context a fresh set of loaders before an event is resolved, so each event shows its
 * objects as they are now, not as an earlier event of the same subscription memoized them. Safe
 * to swap: a subscription resolves one event at a time.
 */
export function renewEventLoaders(ctx: Context): void {
  const catalog = catalogLoaders.get(ctx);
  if (catalog) ctx.loaders = catalog(ctx);
  ctx.cartLoaders = createCartLoaders(ctx.carts);
  ctx.orderLoaders = createOrderLoaders(ctx.orders);
  ctx.customerLoaders = createCustomerLoaders(ctx.customers);
  checkoutLoader(ctx).clearAll();
}

/** Records the event being resolved, so its result can carry the id (`extensions.eventId`, SSE `id:`). */
export function noteEvent(ctx: object, eventId: string): void {
  currentEvents.set(ctx, eventId);
}

export function currentEventIdOf(ctx: object): string | undefined {
  return currentEvents.get(ctx);
}

/** The `Last-Event-ID` an SSE client reconnected with. */
export function setLastEventId(request: Request, eventId: string): void {
  lastEventIds.set(request, eventId);
}

/** Where a subscription resumes: its `after` argument, else the request's `Last-Event-ID`. */
export function resumePointOf(ctx: object, after: string | null | undefined): string | undefined {
  if (after != null) return after;
  // Yoga's requests may be whatwg-node's own class, not the global `Request`: any object will do.
  const request = (ctx as { request?: unknown }).request;
  return typeof request === 'object' && request !== null
    ? lastEventIds.get(request as Request)
    : undefined;
}
