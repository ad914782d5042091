import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { HttpError, paginate, readJsonBody } from '../http.js';
import { boolParam, intListParam, intParam, stringListParam } from '../query.js';
import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';
import type { Location } from './locations.js';
import type { Adjustment, InventoryItem, InventoryStore } from './store.js';

const quantity = z.number().int();
const locationId = z.number().int().positive();

/** One of the three item shapes of `AdjustmentsAbsoluteRequest`/`AdjustmentsRelativeRequest`. */
const itemSchema = z.union([
  z.strictObject({ location_id: locationId, variant_id: z.number().int(), quantity }),
  z.strictObject({ location_id: locationId, product_id: z.number().int(), quantity }),
  z.strictObject({ location_id: locationId, sku: z.string().min(1), quantity }),
]);

/** The spec's limit of 2000 items for a payload. */
const adjustmentSchema = z.object({
  reason: z.string().optional(),
  items: z.array(itemSchema).min(1).max(2000),
});

async function parseAdjustments(body: Promise<unknown>): Promise<Adjustment[]> {
  const parsed = adjustmentSchema.safeParse(await body);
  if (parsed.success) return parsed.data.items;
  const errors = Object.fromEntries(
    parsed.error.issues.map((issue) => [issue.path.join('.') || 'body', issue.message]),
  );
  throw new HttpError(422, 'The adjustment was not valid.', errors);
}

/** `GET /v3/inventory/items` and `/v3/inventory/locations` page up to 1000 items. */
function pageOf(query: URLSearchParams) {
  const page = intParam(query, 'page') ?? 1;
  const limit = intParam(query, 'limit') ?? 50;
  if (page < 1) throw new HttpError(422, 'page must be at least 1', { page: 'at least 1' });
  if (limit < 1 || limit > 1000) {
    throw new HttpError(422, 'limit must be between 1 and 1000', { limit: 'between 1 and 1000' });
  }
  return { page, limit };
}

function locationsOf(inventory: InventoryStore, query: URLSearchParams): Location[] {
  const ids = intListParam(query, 'location_id:in');
  const codes = stringListParam(query, 'location_code:in');
  return inventory.locations.filter(
    (l) => (!ids || ids.includes(l.id)) && (!codes || codes.includes(l.code)),
  );
}

/** `ItemResponse` (inventory.v3.yml): identity, then a level per location. */
function itemView(inventory: InventoryStore, item: InventoryItem, locations: Location[]) {
  const levels = inventory.levels(item);
  const { product, variant } = item;
  const sku = item.byVariant ? (variant?.sku ?? '') : product.sku;
  return {
    identity: {
      sku,
      variant_id: variant?.id,
      product_id: product.id,
      sku_id: variant?.id,
    },
    locations: locations.map((location) => {
      const onHand = levels.get(location.id) ?? 0;
      return {
        location_id: location.id,
        location_code: location.code,
        location_name: location.label,
        available_to_sell: onHand,
        total_inventory_onhand: onHand,
        location_enabled: location.enabled,
        settings: {
          safety_stock: 0,
          is_in_stock: true,
          warning_level: item.byVariant
            ? (variant?.inventory_warning_level ?? 0)
            : product.inventory_warning_level,
          bin_picking_number: variant?.bin_picking_number ?? '',
        },
      };
    }),
  };
}

/** Inventory (inventory.v3.yml) and its locations (locations.v3.yml, reads only). */
export function registerInventoryRoutes(router: Router, store: SandboxStore): void {
  const { inventory } = store;
  // `SimpleTransactionResponse`: a bare object, no `data` envelope.
  const transaction = () => ({ body: { transaction_id: randomUUID() } });

  router.add('PUT', '/v3/inventory/adjustments/absolute', async ({ req }) => {
    inventory.adjustAbsolute(await parseAdjustments(readJsonBody(req)));
    return transaction();
  });

  router.add('POST', '/v3/inventory/adjustments/relative', async ({ req }) => {
    inventory.adjustRelative(await parseAdjustments(readJsonBody(req)));
    return transaction();
  });

  router.add('GET', '/v3/inventory/items', ({ query }) => {
    const request = pageOf(query);
    const skus = stringListParam(query, 'sku:in');
    const variantIds = intListParam(query, 'variant_id:in');
    const productIds = intListParam(query, 'product_id:in');
    const locations = locationsOf(inventory, query);
    const items = inventory.items().filter((item) => {
      const sku = item.byVariant ? item.variant?.sku : item.product.sku;
      return (
        (!skus || (sku !== undefined && skus.includes(sku))) &&
        (!variantIds || (item.variant !== undefined && variantIds.includes(item.variant.id))) &&
        (!productIds || productIds.includes(item.product.id))
      );
    });
    return paginate(items, request, query, (item) => itemView(inventory, item, locations));
  });

  router.add('GET', '/v3/inventory/locations', ({ query }) => {
    const request = pageOf(query);
    const isDefault = boolParam(query, 'is_default');
    const active = boolParam(query, 'is_active');
    const found = locationsOf(inventory, query).filter(
      (l) =>
        (isDefault === undefined || (l.id === 1) === isDefault) &&
        (active === undefined || l.enabled === active),
    );
    return paginate(found, request, query);
  });
}
