import { HttpError } from '../http.js';
import type { Product, Variant } from '../model.js';
import type { SandboxStore } from '../store.js';
import { DEFAULT_LOCATION_ID, type Location, seedLocations } from './locations.js';

/** How an adjustment names its item (`AdjustmentsAbsoluteRequest` items: one of the three). */
export interface ItemRef {
  product_id?: number;
  variant_id?: number;
  sku?: string;
}

export interface Adjustment extends ItemRef {
  location_id: number;
  quantity: number;
}

/** One inventory item: a variant of a product tracked by variant, else the product itself. */
export interface InventoryItem {
  product: Product;
  /** The variant the item is; for a product-level item, its base variant (its `sku_id`). */
  variant: Variant | undefined;
  byVariant: boolean;
}

/** The platform's ceiling on a stock level (a signed 32-bit integer). */
const MAX_LEVEL = 2_147_483_647;

/**
 * Stock per location. The catalog's `inventory_level` stays the total over locations: the other
 * locations' levels are kept here, and the default location holds the rest, so a catalog write of
 * `inventory_level` (which knows no locations) lands on the default location, as on BigCommerce.
 */
export class InventoryStore {
  readonly locations: Location[] = seedLocations();
  /** Levels at locations other than the default, by item key, then location id. */
  private readonly elsewhere = new Map<string, Map<number, number>>();

  constructor(private readonly catalog: SandboxStore) {}

  /** Every item, in product then variant order. */
  items(): InventoryItem[] {
    const items: InventoryItem[] = [];
    for (const product of this.catalog.products) {
      const variants = this.catalog.variants.get(product.id) ?? [];
      if (product.inventory_tracking === 'variant') {
        for (const variant of variants) items.push({ product, variant, byVariant: true });
      } else {
        items.push({ product, variant: variants[0], byVariant: false });
      }
    }
    return items;
  }

  /** The item's level at each location, in location order. */
  levels(item: InventoryItem): Map<number, number> {
    const total = this.total(item);
    const others = this.elsewhere.get(keyOf(item)) ?? new Map<number, number>();
    let rest = total;
    for (const level of others.values()) rest -= level;
    const levels = new Map<number, number>();
    for (const location of this.locations) {
      levels.set(
        location.id,
        location.id === DEFAULT_LOCATION_ID ? Math.max(rest, 0) : (others.get(location.id) ?? 0),
      );
    }
    return levels;
  }

  /** `PUT /v3/inventory/adjustments/absolute`: every item is checked before any changes. */
  adjustAbsolute(adjustments: readonly Adjustment[]): void {
    this.apply(adjustments, () => 0);
  }

  /** `POST /v3/inventory/adjustments/relative`: refused (422) when a level would go below zero. */
  adjustRelative(adjustments: readonly Adjustment[]): void {
    this.apply(adjustments, (current) => current);
  }

  private apply(adjustments: readonly Adjustment[], base: (current: number) => number): void {
    const errors: Record<string, string> = {};
    // Levels as the batch leaves them, so two lines for one item add up as they would in sequence.
    const pending = new Map<string, { item: InventoryItem; levels: Map<number, number> }>();
    adjustments.forEach((adjustment, index) => {
      const path = `items.${index}`;
      if (!this.locations.some((l) => l.id === adjustment.location_id)) {
        errors[`${path}.location_id`] = `Location ${adjustment.location_id} does not exist`;
        return;
      }
      const found = this.find(adjustment, path, errors);
      if (!found) return;
      const key = keyOf(found);
      const entry = pending.get(key) ?? { item: found, levels: this.levels(found) };
      pending.set(key, entry);
      const next = base(entry.levels.get(adjustment.location_id) ?? 0) + adjustment.quantity;
      if (next < 0) {
        errors[`${path}.quantity`] = 'Inventory level cannot be negative';
        return;
      }
      if (next > MAX_LEVEL) {
        errors[`${path}.quantity`] = `Inventory level cannot exceed ${MAX_LEVEL}`;
        return;
      }
      entry.levels.set(adjustment.location_id, next);
    });
    if (Object.keys(errors).length > 0) {
      throw new HttpError(422, 'The adjustment was not valid.', errors);
    }
    for (const { item, levels } of pending.values()) this.store(item, levels);
  }

  /** The item an adjustment names, or an error under its identity field. */
  private find(
    ref: ItemRef,
    path: string,
    errors: Record<string, string>,
  ): InventoryItem | undefined {
    const items = this.items();
    if (ref.variant_id !== undefined) {
      const item = items.find((i) => i.variant?.id === ref.variant_id);
      if (!item) errors[`${path}.variant_id`] = `Item with variant_id ${ref.variant_id} not found`;
      else if (!item.byVariant) {
        errors[`${path}.variant_id`] =
          `Item with variant_id ${ref.variant_id} is tracked by product, please update stock by product id`;
      } else return item;
      return undefined;
    }
    if (ref.sku !== undefined) {
      const item = items.find((i) => (i.byVariant ? i.variant?.sku : i.product.sku) === ref.sku);
      if (!item) errors[`${path}.sku`] = `Item with sku ${ref.sku} not found`;
      return item;
    }
    const item = items.find((i) => i.product.id === ref.product_id);
    if (!item) errors[`${path}.product_id`] = `Item with product_id ${ref.product_id} not found`;
    else if (item.byVariant) {
      errors[`${path}.product_id`] =
        `Item with product_id ${ref.product_id} is tracked by variant, please update stock by variant id or sku`;
    } else return item;
    return undefined;
  }

  /** Writes the levels: other locations here, the total to the catalog (which fires the hooks). */
  private store(item: InventoryItem, levels: Map<number, number>): void {
    const others = new Map<number, number>();
    let total = 0;
    for (const [locationId, level] of levels) {
      total += level;
      if (locationId !== DEFAULT_LOCATION_ID && level !== 0) others.set(locationId, level);
    }
    this.elsewhere.set(keyOf(item), others);
    const { product, variant } = item;
    if (item.byVariant && variant) {
      this.catalog.updateVariant(product.id, variant.id, { inventory_level: total });
      // A product tracked by variant shows the sum of its variants' stock.
      const variants = this.catalog.variants.get(product.id) ?? [];
      const sum = variants.reduce((acc, v) => acc + (v.inventory_level ?? 0), 0);
      this.catalog.updateProduct(product.id, { inventory_level: sum });
    } else {
      this.catalog.updateProduct(product.id, { inventory_level: total });
    }
  }

  private total(item: InventoryItem): number {
    return item.byVariant ? (item.variant?.inventory_level ?? 0) : item.product.inventory_level;
  }
}

const keyOf = (item: InventoryItem): string =>
  item.byVariant ? `v${item.variant?.id}` : `p${item.product.id}`;
