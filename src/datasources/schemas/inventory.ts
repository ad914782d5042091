import { z } from 'zod';

/** One location's stock of an item (`ItemResponse.locations[]`, inventory.v3.yml). */
const bcItemLocationSchema = z.looseObject({
  location_id: z.number().int(),
  location_code: z.string().optional(),
  location_name: z.string().optional(),
  available_to_sell: z.number().int(),
  total_inventory_onhand: z.number().int(),
  location_enabled: z.boolean().optional(),
});

/** `ItemResponse`: an inventory item (a variant, or a product tracked by product) and its stock per location. */
export const bcInventoryItemSchema = z.looseObject({
  identity: z.looseObject({
    sku: z.string().optional(),
    variant_id: z.number().int().optional(),
    product_id: z.number().int().optional(),
    sku_id: z.number().int().optional(),
  }),
  locations: z.array(bcItemLocationSchema),
});
export type BcInventoryItem = z.infer<typeof bcInventoryItemSchema>;
export type BcItemLocation = z.infer<typeof bcItemLocationSchema>;

/** `SimpleTransactionResponse`: a bare object, without the v3 `data` envelope. */
export const bcTransactionSchema = z.looseObject({ transaction_id: z.string().optional() });

/**
 * One line of `AdjustmentsAbsoluteRequest`/`AdjustmentsRelativeRequest`: the item by exactly one
 * of `variant_id` or `product_id` (the gateway never names items by SKU), a location, a quantity.
 */
export const bcAdjustmentItemSchema = z.union([
  z.strictObject({
    location_id: z.number().int().positive(),
    variant_id: z.number().int().positive(),
    quantity: z.number().int(),
  }),
  z.strictObject({
    location_id: z.number().int().positive(),
    product_id: z.number().int().positive(),
    quantity: z.number().int(),
  }),
]);
export type BcAdjustmentItem = z.infer<typeof bcAdjustmentItemSchema>;

/** The spec's limit of 2000 items per adjustment. */
export const MAX_ADJUSTMENT_ITEMS = 2000;

export const bcAdjustmentSchema = z.object({
  reason: z.string().optional(),
  items: z.array(bcAdjustmentItemSchema).min(1).max(MAX_ADJUSTMENT_ITEMS),
});
export type BcAdjustment = z.infer<typeof bcAdjustmentSchema>;
