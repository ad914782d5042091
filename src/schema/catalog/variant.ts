import type { ProductShape, VariantKey } from '../../datasources/catalog.js';
import type { BcProduct, BcVariant } from '../../datasources/schemas/catalog.js';
import { builder } from '../builder.js';
import { parsePositiveInt } from '../ids.js';
import { Money, toMoney } from './money.js';
import { requireCatalogRead, seesHiddenProducts, visibleProduct } from './visibility.js';

/** Enough of a product to know whether it is visible. */
const VISIBILITY_SHAPE: ProductShape = { include: [], fields: ['name', 'sku', 'is_visible'] };

/** A variant carries its product so inherited (null) values fall back to the product's. */
export interface VariantShape {
  variant: BcVariant;
  product: BcProduct | undefined;
}

export const VariantOption = builder
  .objectRef<NonNullable<BcVariant['option_values']>[number]>('VariantOption')
  .implement({
    description: 'One option value that defines a variant, such as Size: Large.',
    fields: (t) => ({
      optionEntityId: t.int({ description: 'BigCommerce option id.', resolve: (o) => o.option_id }),
      valueEntityId: t.int({ description: 'BigCommerce option value id.', resolve: (o) => o.id }),
      displayName: t.string({
        description: 'The option’s name as shoppers see it (e.g. Size).',
        resolve: (o) => o.option_display_name ?? '',
      }),
      label: t.string({ description: 'The value (e.g. Large).', resolve: (o) => o.label ?? '' }),
    }),
  });

export const VariantRef = builder.objectRef<VariantShape>('Variant');

/**
 * The local part of a Variant's global id: `productId:variantId`, so that `node(id:)` can read it
 * with the spec's `product_id:in` filter (`/catalog/variants` has no `id:in`). A bare `variantId`
 * (ids issued before they carried the product) still resolves, at one upstream call each.
 */
export function toVariantLocalId({ variant, product }: VariantShape): string {
  const productId = variant.product_id ?? product?.id;
  return productId === undefined ? String(variant.id) : `${productId}:${variant.id}`;
}

/** Parses a Variant's local id; anything else is BAD_USER_INPUT like every other bad id. */
export function parseVariantLocalId(raw: string): VariantKey {
  const parts = raw.split(':');
  if (parts.length === 1) return { variantId: parsePositiveInt(raw) };
  if (parts.length === 2) {
    return { productId: parsePositiveInt(parts[0]!), variantId: parsePositiveInt(parts[1]!) };
  }
  return { variantId: parsePositiveInt(Number.NaN) };
}

builder.node(VariantRef, {
  description: 'A purchasable combination of a product’s options, with its own SKU and stock.',
  id: { resolve: toVariantLocalId, parse: parseVariantLocalId },
  loadWithoutCache: async (key, ctx) => {
    requireCatalogRead(ctx);
    const variant = await ctx.loaders.variantById.load(key);
    if (!variant) return null;
    // A hidden product's variants are hidden with it: the product decides, read in its smallest shape.
    if (!seesHiddenProducts(ctx) && variant.product_id !== undefined) {
      const product = await ctx.loaders.productById(VISIBILITY_SHAPE).load(variant.product_id);
      if (!visibleProduct(ctx, product)) return null;
    }
    return { variant, product: undefined };
  },
  fields: (t) => ({
    entityId: t.int({
      description: 'BigCommerce variant id.',
      resolve: ({ variant }) => variant.id,
    }),
    productEntityId: t.int({
      nullable: true,
      description: 'BigCommerce id of the variant’s product.',
      resolve: ({ variant, product }) => variant.product_id ?? product?.id ?? null,
    }),
    sku: t.string({
      description: 'The variant’s SKU.',
      resolve: ({ variant }) => variant.sku ?? '',
    }),
    options: t.field({
      type: [VariantOption],
      description: 'The option values that define this variant.',
      resolve: ({ variant }) => variant.option_values ?? [],
    }),
    price: t.field({
      type: Money,
      nullable: true,
      description:
        'The price shoppers pay (sale price applied), inherited from the product when unset.',
      resolve: ({ variant, product }, _args, ctx) =>
        toMoney(
          variant.calculated_price ?? variant.price ?? product?.calculated_price,
          ctx.currencyCode,
        ),
    }),
    basePrice: t.field({
      type: Money,
      nullable: true,
      description: 'The variant’s own list price, when it overrides the product’s.',
      resolve: ({ variant }, _args, ctx) => toMoney(variant.price, ctx.currencyCode),
    }),
    salePrice: t.field({
      type: Money,
      nullable: true,
      description: 'The variant’s sale price, when it has one.',
      resolve: ({ variant }, _args, ctx) =>
        variant.sale_price ? toMoney(variant.sale_price, ctx.currencyCode) : null,
    }),
    inventoryLevel: t.int({
      nullable: true,
      description: 'Units in stock, when stock is tracked per variant.',
      resolve: ({ variant }) => variant.inventory_level ?? null,
    }),
    isPurchasable: t.boolean({
      description:
        'Whether shoppers can buy it now: not disabled, and in stock when stock is tracked.',
      resolve: ({ variant, product }) => isVariantPurchasable(variant, product),
    }),
    imageUrl: t.string({
      nullable: true,
      description: 'The variant’s own image, when it has one.',
      resolve: ({ variant }) => variant.image_url || null,
    }),
  }),
});

export function isVariantPurchasable(variant: BcVariant, product: BcProduct | undefined): boolean {
  if (variant.purchasing_disabled) return false;
  if (product?.availability === 'disabled') return false;
  if (product?.inventory_tracking === 'variant') return (variant.inventory_level ?? 0) > 0;
  return true;
}
