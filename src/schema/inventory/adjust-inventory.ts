import { z } from 'zod';
import type { Context } from '../../context.js';
import { UpstreamInputError, UpstreamNotFoundError } from '../../datasources/errors.js';
import {
  type BcAdjustmentItem,
  type BcItemLocation,
  MAX_ADJUSTMENT_ITEMS,
} from '../../datasources/schemas/inventory.js';
import { builder } from '../builder.js';
import { InvalidInputError, NotFoundError } from '../commerce/common-errors.js';
import { UserError } from '../errors.js';
import { LOOKUP, UPSTREAM_CALL } from '../query-cost.js';
import { InsufficientStockError } from './inventory-errors.js';
import { InventoryLevelRef } from './inventory-level.js';
import { inventoryItemsByProductId } from './inventory-loader.js';

/** BigCommerce's default location, which every store has. */
const DEFAULT_LOCATION = 1;
/** A stock level is a signed 32-bit integer upstream. */
const MAX_LEVEL = 2_147_483_647;

const entityId = z.number().int().positive('must be a positive id');

const AdjustInventoryItemInput = builder.inputType('AdjustInventoryItemInput', {
  description:
    'One product (tracked as a whole) or one variant at one location: a new level (`quantity`) or a change (`delta`), exactly one.',
  fields: (t) => ({
    productEntityId: t.int({
      required: true,
      description: 'BigCommerce product id (of the variant, when one is named).',
      validate: entityId,
    }),
    variantEntityId: t.int({
      description: 'BigCommerce variant id, for a product whose stock is tracked by variant.',
      validate: entityId,
    }),
    locationEntityId: t.int({
      description: 'BigCommerce location id. Defaults to 1, the store’s default location.',
      validate: entityId,
    }),
    quantity: t.int({
      description: 'The new level at the location.',
      validate: z.number().int().min(0, 'must not be negative').max(MAX_LEVEL),
    }),
    delta: t.int({
      description: 'Units to add (negative to take away) at the location.',
      validate: z.number().int().min(-MAX_LEVEL).max(MAX_LEVEL),
    }),
  }),
  // Loose: the plugin hands the resolver this schema's output, which must keep every field.
  validate: z
    .looseObject({ quantity: z.number().nullish(), delta: z.number().nullish() })
    .refine((item) => (item.quantity == null) !== (item.delta == null), {
      message: 'give exactly one of quantity and delta',
    }),
});

const AdjustInventoryInput = builder.inputType('AdjustInventoryInput', {
  description: 'Stock changes, and why they were made.',
  fields: (t) => ({
    items: t.field({
      type: [AdjustInventoryItemInput],
      required: true,
      description: `What to change (1 to ${MAX_ADJUSTMENT_ITEMS} items).`,
      validate: z.array(z.unknown()).min(1, 'needs at least one item').max(MAX_ADJUSTMENT_ITEMS),
    }),
    reason: t.string({
      required: true,
      description: 'Why (stock count, delivery, damage…): kept with the adjustment upstream.',
      validate: z.string().trim().min(1, 'is required').max(255),
    }),
  }),
});

interface AdjustedItem {
  productId: number;
  variantId: number | null;
  locationId: number;
}

const AdjustedItemRef = builder.objectRef<AdjustedItem>('InventoryAdjustment').implement({
  description: 'An item `adjustInventory` changed.',
  fields: (t) => ({
    productEntityId: t.int({ description: 'BigCommerce product id.', resolve: (i) => i.productId }),
    variantEntityId: t.int({
      nullable: true,
      description: 'BigCommerce variant id, when the item is a variant.',
      resolve: (i) => i.variantId,
    }),
    locationEntityId: t.int({
      description: 'BigCommerce location id.',
      resolve: (i) => i.locationId,
    }),
    level: t.field({
      type: InventoryLevelRef,
      nullable: true,
      description: 'The item’s stock at the location, as it now is.',
      complexity: LOOKUP,
      resolve: async (i, _args, ctx) => {
        const items = await inventoryItemsByProductId(ctx).load(i.productId);
        const item =
          i.variantId === null
            ? items[0]
            : items.find((x) => x.identity.variant_id === i.variantId);
        return item?.locations.find((l: BcItemLocation) => l.location_id === i.locationId) ?? null;
      },
    }),
  }),
});

const AdjustInventoryPayload = builder
  .objectRef<{ items: AdjustedItem[] }>('AdjustInventoryPayload')
  .implement({
    description: 'The outcome of `adjustInventory`.',
    fields: (t) => ({
      items: t.field({
        type: [AdjustedItemRef],
        description: 'The items changed, in input order.',
        // Usually a handful; each item's `level` shares one call per product.
        complexity: { field: 0, multiplier: 10 },
        resolve: (p) => p.items,
      }),
    }),
  });

interface Line {
  index: number;
  item: AdjustedItem;
  upstream: BcAdjustmentItem;
}

/**
 * An upstream refusal in the graph's words. BigCommerce keys its errors by the position in the
 * batch it was sent (`items.3.quantity`); `lines` map that back to the caller's input.
 */
function toUserError(error: unknown, lines: readonly Line[], relative: boolean): unknown {
  if (error instanceof UpstreamNotFoundError) {
    return new NotFoundError('There is no such item.', { field: 'input.items' });
  }
  if (!(error instanceof UpstreamInputError)) return error;
  for (const [key, message] of Object.entries(error.fields)) {
    const match = /^items\.(\d+)\.(\w+)$/.exec(key);
    const line = match ? lines[Number(match[1])] : undefined;
    if (!match || !line) continue;
    const at = `input.items.${line.index}`;
    switch (match[2]) {
      case 'quantity':
        return relative
          ? new InsufficientStockError('The change would take stock below zero.', {
              field: `${at}.delta`,
            })
          : new InvalidInputError('The level was refused.', { field: `${at}.quantity` });
      case 'location_id':
        return new NotFoundError('There is no such location.', { field: `${at}.locationEntityId` });
      case 'variant_id':
      case 'product_id': {
        const field = `${at}.${match[2] === 'variant_id' ? 'variantEntityId' : 'productEntityId'}`;
        return /not found|does not exist/i.test(message)
          ? new NotFoundError('There is no such product or variant.', { field })
          : new InvalidInputError(
              'The item is tracked the other way: name the product, or its variant.',
              { field },
            );
      }
    }
  }
  return new InvalidInputError('BigCommerce refused the adjustment.', { field: 'input.items' });
}

async function evict(ctx: Context, items: readonly AdjustedItem[]): Promise<void> {
  const products = new Set(items.map((i) => i.productId));
  const variants = new Set(items.flatMap((i) => (i.variantId === null ? [] : [i.variantId])));
  await Promise.all([
    ...[...products].map((id) => ctx.invalidator.entityChanged('product', id)),
    ...[...variants].map((id) => ctx.invalidator.entityChanged('variant', id)),
  ]);
  for (const id of products) inventoryItemsByProductId(ctx).clear(id);
}

builder.mutationField('adjustInventory', (t) =>
  t.field({
    type: AdjustInventoryPayload,
    description:
      'Sets or changes stock per location through the Inventory API (keys with `inventory:write`). Deltas are applied before levels; each kind is all or nothing.',
    authScopes: { scope: 'inventory:write' },
    args: {
      input: t.arg({ type: AdjustInventoryInput, required: true, description: 'The changes.' }),
    },
    errors: {
      types: [InsufficientStockError, NotFoundError, InvalidInputError],
      directResult: true,
      union: {
        name: 'AdjustInventoryResult',
        description: 'The items changed, or why nothing (of that kind) was.',
      },
    },
    // Up to two writes (deltas, then levels).
    complexity: 2 * UPSTREAM_CALL,
    resolve: async (_root, { input }, ctx) => {
      const relative: Line[] = [];
      const absolute: Line[] = [];
      input.items.forEach((given, index) => {
        const item: AdjustedItem = {
          productId: given.productEntityId,
          variantId: given.variantEntityId ?? null,
          locationId: given.locationEntityId ?? DEFAULT_LOCATION,
        };
        const identity =
          item.variantId === null ? { product_id: item.productId } : { variant_id: item.variantId };
        const delta = given.delta;
        if (delta != null) {
          relative.push({
            index,
            item,
            upstream: { ...identity, location_id: item.locationId, quantity: delta },
          });
        } else {
          const quantity = given.quantity ?? 0;
          absolute.push({
            index,
            item,
            upstream: { ...identity, location_id: item.locationId, quantity },
          });
        }
      });
      const reason = input.reason.trim();
      const done: AdjustedItem[] = [];
      const audit = (outcome: 'success' | 'rejected' | 'error', why?: string) =>
        ctx.audit({
          operation: 'adjustInventory',
          outcome,
          reason: why,
          details: {
            // Audit values are scalars: the ids as comma-separated lists.
            productIds: [...new Set(input.items.map((i) => i.productEntityId))].join(','),
            variantIds: input.items
              .flatMap((i) => (i.variantEntityId == null ? [] : [i.variantEntityId]))
              .join(','),
            adjusted: done.length,
          },
        });
      for (const [lines, isRelative] of [
        [relative, true],
        [absolute, false],
      ] as const) {
        if (lines.length === 0) continue;
        const body = { reason, items: lines.map((l) => l.upstream) };
        try {
          if (isRelative) await ctx.inventory.changeLevels(body);
          else await ctx.inventory.setLevels(body);
        } catch (error) {
          // What an earlier batch changed is changed: evict it before answering.
          await evict(ctx, done);
          const mapped: unknown = toUserError(error, lines, isRelative);
          audit(
            mapped instanceof UserError ? 'rejected' : 'error',
            mapped instanceof UserError ? mapped.code.toLowerCase() : 'upstream',
          );
          throw mapped;
        }
        done.push(...lines.map((l) => l.item));
      }
      await evict(ctx, done);
      audit('success');
      const order = new Map([...relative, ...absolute].map((l) => [l.index, l.item]));
      return { items: [...order.entries()].sort(([a], [b]) => a - b).map(([, item]) => item) };
    },
  }),
);
