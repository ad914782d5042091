import DataLoader from 'dataloader';
import type { Context } from '../../context.js';
import type { BcCheckout } from '../../datasources/schemas/checkouts.js';

// One memo per request context: the context is built per request, so nothing outlives it.
const loaders = new WeakMap<Context, DataLoader<string, BcCheckout | null>>();

/** The request's memo of checkouts by id (one upstream call per checkout). */
export function checkoutLoader(ctx: Context): DataLoader<string, BcCheckout | null> {
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = new DataLoader((ids) => Promise.all(ids.map((id) => ctx.checkouts.getCheckout(id))));
    loaders.set(ctx, loader);
  }
  return loader;
}
