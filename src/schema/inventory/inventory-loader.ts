import DataLoader from 'dataloader';
import type { Context } from '../../context.js';
import type { BcInventoryItem } from '../../datasources/schemas/inventory.js';

/**
 * Per request, the inventory items of each product: every `inventoryLevels` field of one
 * operation shares one `GET /v3/inventory/items?product_id:in=…`. Never the shared cache: stock
 * moves with every order, and only keys with `inventory:write` see it.
 */
const loaders = new WeakMap<Context, DataLoader<number, BcInventoryItem[]>>();

export function inventoryItemsByProductId(ctx: Context): DataLoader<number, BcInventoryItem[]> {
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<number, BcInventoryItem[]>(async (productIds) => {
      const items = await ctx.inventory.itemsOfProducts(productIds);
      return productIds.map((id) => items.filter((item) => item.identity.product_id === id));
    });
    loaders.set(ctx, loader);
  }
  return loader;
}
