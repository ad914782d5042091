import type { BcItemLocation } from '../../datasources/schemas/inventory.js';
import { builder } from '../builder.js';
import { ProductRef } from '../catalog/refs.js';
import { VariantRef } from '../catalog/variant.js';
import { LOOKUP } from '../query-cost.js';
import { inventoryItemsByProductId } from './inventory-loader.js';

const INVENTORY_WRITE = { scope: 'inventory:write' } as const;

export const InventoryLevelRef = builder.objectRef<BcItemLocation>('InventoryLevel').implement({
  description: 'Stock of one product or variant at one location.',
  fields: (t) => ({
    locationEntityId: t.int({
      description: 'BigCommerce location id (1 is the store’s default location).',
      resolve: (l) => l.location_id,
    }),
    locationCode: t.string({
      nullable: true,
      description: 'The location’s code.',
      resolve: (l) => l.location_code ?? null,
    }),
    locationName: t.string({
      nullable: true,
      description: 'The location’s name.',
      resolve: (l) => l.location_name ?? null,
    }),
    available: t.int({
      description: 'Units that can be sold: on hand, less the safety stock.',
      resolve: (l) => l.available_to_sell,
    }),
    onHand: t.int({
      description: 'Units on hand at the location.',
      resolve: (l) => l.total_inventory_onhand,
    }),
  }),
});

builder.objectField(VariantRef, 'inventoryLevels', (t) =>
  t.field({
    type: [InventoryLevelRef],
    nullable: true,
    description: 'Stock per location (keys with `inventory:write`); null when unknown.',
    authScopes: INVENTORY_WRITE,
    complexity: LOOKUP,
    resolve: async ({ variant, product }, _args, ctx) => {
      const productId = variant.product_id ?? product?.id;
      if (productId === undefined) return null;
      const items = await inventoryItemsByProductId(ctx).load(productId);
      return items.find((item) => item.identity.variant_id === variant.id)?.locations ?? null;
    },
  }),
);

builder.objectField(ProductRef, 'inventoryLevels', (t) =>
  t.field({
    type: [InventoryLevelRef],
    nullable: true,
    description:
      'Stock per location of a product that is one inventory item (keys with `inventory:write`); null for one with several variants tracked apart: see its variants.',
    authScopes: INVENTORY_WRITE,
    complexity: LOOKUP,
    resolve: async (product, _args, ctx) => {
      // Decided by the items, not `inventory_tracking`, which the product's fetched shape may
      // leave out; a product with one inventory item has that item's levels either way.
      const items = await inventoryItemsByProductId(ctx).load(product.id);
      return items.length === 1 ? (items[0]?.locations ?? null) : null;
    },
  }),
);
