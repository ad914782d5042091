import { z } from 'zod';
import { HttpError } from '../http.js';
import type { Product, Variant } from '../model.js';
import type { SandboxStore } from '../store.js';
import { toCents } from './cents.js';
import type { CartLine } from './model.js';

/** Where product links point (the sandbox storefront has no pages of its own). */
const PRODUCT_URL_ORIGIN = 'https://sandbox.mybigcommerce.com';

/** `option_selections[]` of an "Item with modifier" (carts.v3.yml). */
const optionSelectionSchema = z.looseObject({
  option_id: z.number().int(),
  option_value: z.union([z.number().int(), z.string()]),
});

/** One requested line: `product_id` and `quantity` required, as both item shapes of the spec say. */
export const lineItemRequestSchema = z.looseObject({
  product_id: z.number().int().positive(),
  variant_id: z.number().int().positive().optional(),
  quantity: z.number().int().positive(),
  option_selections: z.array(optionSelectionSchema).optional(),
});
export type LineItemRequest = z.infer<typeof lineItemRequestSchema>;

/** A line as the catalog prices it, before it has an id and a quantity. */
export type ResolvedLine = Omit<CartLine, 'id' | 'quantity'>;

const invalid = (title: string, field: string, message: string): HttpError =>
  new HttpError(422, title, { [field]: message });

/**
 * Finds the product and variant a line names, checking the variant belongs to the product, that
 * a product with several variants is told which (by `variant_id` or its option values), and that
 * the variant may be bought. `path` is the line's place in the body (`line_items.0`).
 */
export function resolveLine(
  catalog: SandboxStore,
  item: LineItemRequest,
  path: string,
): ResolvedLine {
  const product = catalog.getProduct(item.product_id);
  if (!product) {
    throw invalid(
      `Product ${item.product_id} does not exist.`,
      `${path}.product_id`,
      'No product has this id.',
    );
  }
  const variant = pickVariant(catalog, product, item, path);
  if (product.availability === 'disabled' || variant.purchasing_disabled) {
    throw invalid(
      `${product.name} cannot be purchased.`,
      `${path}.variant_id`,
      'This item cannot be purchased.',
    );
  }
  const thumbnail = (catalog.images.get(product.id) ?? []).find((image) => image.is_thumbnail);
  return {
    productId: product.id,
    variantId: variant.id,
    sku: variant.sku,
    name: product.name,
    url: `${PRODUCT_URL_ORIGIN}${product.custom_url.url}`,
    imageUrl: variant.image_url || thumbnail?.url_standard || '',
    isDigital: product.type === 'digital',
    originalPriceCents: toCents(variant.price ?? product.price),
    listPriceCents: toCents(variant.calculated_price),
    options: variant.option_values.map((value) => ({
      name: value.option_display_name,
      nameId: value.option_id,
      value: value.label,
      valueId: value.id,
    })),
  };
}

function pickVariant(
  catalog: SandboxStore,
  product: Product,
  item: LineItemRequest,
  path: string,
): Variant {
  const variants = catalog.variants.get(product.id) ?? [];
  const selections = item.option_selections ?? [];
  const bySelections = selections.length > 0 ? matchSelections(variants, selections) : undefined;
  if (selections.length > 0 && !bySelections) {
    throw invalid(
      `The options selected for ${product.name} do not match any of its variants.`,
      `${path}.option_selections`,
      'No variant has these option values.',
    );
  }
  if (item.variant_id !== undefined) {
    const variant = variants.find((v) => v.id === item.variant_id);
    if (!variant || (bySelections && bySelections.id !== variant.id)) {
      throw invalid(
        `Variant ${item.variant_id} is not a variant of ${product.name}.`,
        `${path}.variant_id`,
        'This variant does not belong to the product (or to the options selected).',
      );
    }
    return variant;
  }
  if (bySelections) return bySelections;
  const only = variants.length === 1 ? variants[0] : undefined;
  if (!only) {
    throw invalid(
      `${product.name} has options: choose a variant.`,
      `${path}.variant_id`,
      'A product with several variants needs variant_id or option_selections.',
    );
  }
  return only;
}

/** The variant whose option values are exactly the selected ones. */
function matchSelections(
  variants: readonly Variant[],
  selections: readonly { option_id: number; option_value: number | string }[],
): Variant | undefined {
  const wanted = new Map(selections.map((s) => [s.option_id, Number(s.option_value)]));
  return variants.find(
    (v) =>
      v.option_values.length === wanted.size &&
      v.option_values.every((value) => wanted.get(value.option_id) === value.id),
  );
}

/** A line of the cart as it would be after a change, with where its quantity came from. */
export interface ProspectiveLine {
  productId: number;
  variantId: number;
  quantity: number;
  /** The request field to blame (`line_items.0.quantity`), or undefined for untouched lines. */
  field: string | undefined;
}

/**
 * The checks BigCommerce makes of the whole cart after a change: stock against the catalog's
 * inventory (per product or per variant, as the product tracks it) and the product's
 * `order_quantity_minimum` / `order_quantity_maximum` (0: no limit). Answers as the platform does:
 * 422 with the title in shoppers' words; `errors` names the request field.
 */
export function checkQuantities(catalog: SandboxStore, lines: readonly ProspectiveLine[]): void {
  const byProduct = group(lines, (l) => String(l.productId));
  for (const [, productLines] of byProduct) {
    const first = productLines[0];
    if (!first) continue;
    const product = catalog.getProduct(first.productId);
    if (!product) continue;
    const field = productLines.find((l) => l.field)?.field;
    if (!field) continue;
    const total = productLines.reduce((sum, l) => sum + l.quantity, 0);
    if (product.inventory_tracking === 'product' && total > product.inventory_level) {
      throw outOfStock(product.name, product.inventory_level, field);
    }
    if (product.inventory_tracking === 'variant') {
      for (const [, variantLines] of group(productLines, (l) => String(l.variantId))) {
        const variant = catalog.getVariant(product.id, variantLines[0]?.variantId ?? 0);
        const level = variant?.inventory_level ?? 0;
        const blamed = variantLines.find((l) => l.field)?.field;
        if (blamed && variantLines.reduce((sum, l) => sum + l.quantity, 0) > level) {
          throw outOfStock(product.name, level, blamed);
        }
      }
    }
    const { order_quantity_minimum: min, order_quantity_maximum: max } = product;
    if (min > 0 && total < min) {
      throw invalid(
        `You can only purchase a minimum of ${min} of the ${product.name} per order.`,
        field,
        `minimum ${min} per order`,
      );
    }
    if (max > 0 && total > max) {
      throw invalid(
        `You can only purchase a maximum of ${max} of the ${product.name} per order.`,
        field,
        `maximum ${max} per order`,
      );
    }
  }
}

const outOfStock = (name: string, level: number, field: string): HttpError =>
  invalid(
    level > 0
      ? `Not enough stock: ${name} has only ${level} in stock.`
      : `Not enough stock: ${name} is out of stock.`,
    field,
    level > 0 ? `only ${level} in stock` : 'out of stock',
  );

function group<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}
