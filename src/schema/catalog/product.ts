import type { BcProduct, BcTreeCategory } from '../../datasources/schemas/catalog.js';
import { builder } from '../builder.js';
import { parsePositiveInt } from '../ids.js';
import { CATEGORIES_PER_PRODUCT, LOOKUP } from '../query-cost.js';
import { oneOf, ProductAvailability, ProductCondition, ProductType } from './enums.js';
import { Image } from './image.js';
import { Money, money, PriceRange, toMoney, toPriceRange } from './money.js';
import { BrandRef, CategoryRef, ProductRef } from './refs.js';
import { VariantRef } from './variant.js';
import { requireCatalogRead, visibleProduct } from './visibility.js';

const ProductPrices = builder.objectRef<BcProduct>('ProductPrices').implement({
  description: 'A product’s prices in the store currency, before customer-group pricing.',
  fields: (t) => ({
    price: t.field({
      type: Money,
      description:
        'The price shoppers pay: the sale price when there is one, else the default price.',
      resolve: (p, _a, ctx) => money(p.calculated_price ?? p.price ?? 0, ctx.currencyCode),
    }),
    basePrice: t.field({
      type: Money,
      description: 'The default (list) price.',
      resolve: (p, _a, ctx) => money(p.price ?? 0, ctx.currencyCode),
    }),
    salePrice: t.field({
      type: Money,
      nullable: true,
      description: 'The sale price, when the product is on sale.',
      resolve: (p, _a, ctx) => (p.sale_price ? toMoney(p.sale_price, ctx.currencyCode) : null),
    }),
    retailPrice: t.field({
      type: Money,
      nullable: true,
      description: 'The manufacturer’s suggested retail price, when set.',
      resolve: (p, _a, ctx) => (p.retail_price ? toMoney(p.retail_price, ctx.currencyCode) : null),
    }),
    mapPrice: t.field({
      type: Money,
      nullable: true,
      description: 'The minimum advertised price, when set.',
      resolve: (p, _a, ctx) => (p.map_price ? toMoney(p.map_price, ctx.currencyCode) : null),
    }),
    priceRange: t.field({
      type: PriceRange,
      description: 'The lowest and highest price over the product and its variants.',
      resolve: (p, _a, ctx) => {
        const base = p.calculated_price ?? p.price ?? 0;
        const prices = (p.variants ?? []).map((v) => v.calculated_price ?? v.price ?? base);
        const [first = base, ...rest] = prices;
        return toPriceRange([first, ...rest], ctx.currencyCode);
      },
    }),
  }),
});

const InventoryTracking = builder.enumType('InventoryTracking', {
  description: 'How stock is counted.',
  values: {
    NONE: { value: 'none', description: 'Not tracked: always in stock.' },
    PRODUCT: { value: 'product', description: 'One count for the product.' },
    VARIANT: { value: 'variant', description: 'A count per variant.' },
  } as const,
});

const ProductInventory = builder.objectRef<BcProduct>('ProductInventory').implement({
  description: 'Stock of a product.',
  fields: (t) => ({
    level: t.int({
      description: 'Units in stock (the sum over variants when tracked per variant).',
      resolve: (p) => p.inventory_level ?? 0,
    }),
    warningLevel: t.int({
      description: 'The level at which stock counts as low.',
      resolve: (p) => p.inventory_warning_level ?? 0,
    }),
    tracking: t.field({
      type: InventoryTracking,
      description: 'How stock is counted.',
      resolve: (p) => oneOf(p.inventory_tracking, ['none', 'product', 'variant'] as const, 'none'),
    }),
    isInStock: t.boolean({
      description: 'Whether shoppers can buy it now as far as stock goes.',
      resolve: (p) => isInStock(p),
    }),
  }),
});

export function isInStock(product: BcProduct): boolean {
  if (product.availability === 'disabled') return false;
  if ((product.inventory_tracking ?? 'none') === 'none') return true;
  return (product.inventory_level ?? 0) > 0;
}

const Dimensions = builder.objectRef<BcProduct>('ProductDimensions').implement({
  description: 'Shipping weight and size, in the store’s units.',
  fields: (t) => ({
    weight: t.float({ resolve: (p) => p.weight ?? 0, description: 'Weight.' }),
    width: t.float({ resolve: (p) => p.width ?? 0, description: 'Width.' }),
    height: t.float({ resolve: (p) => p.height ?? 0, description: 'Height.' }),
    depth: t.float({ resolve: (p) => p.depth ?? 0, description: 'Depth.' }),
  }),
});

const Seo = builder.objectRef<BcProduct>('ProductSeo').implement({
  description: 'Search engine metadata.',
  fields: (t) => ({
    pageTitle: t.string({ resolve: (p) => p.page_title ?? '', description: 'Page title.' }),
    metaDescription: t.string({
      resolve: (p) => p.meta_description ?? '',
      description: 'Meta description.',
    }),
    metaKeywords: t.stringList({ resolve: (p) => p.meta_keywords ?? [], description: 'Keywords.' }),
  }),
});

const CustomField = builder
  .objectRef<NonNullable<BcProduct['custom_fields']>[number]>('CustomField')
  .implement({
    description: 'A merchant-defined name and value shown with the product.',
    fields: (t) => ({
      entityId: t.int({ description: 'BigCommerce custom field id.', resolve: (o) => o.id }),
      name: t.string({ description: 'Name.', resolve: (o) => o.name }),
      value: t.string({ description: 'Value.', resolve: (o) => o.value }),
    }),
  });

builder.node(ProductRef, {
  description: 'A product of the catalog.',
  id: { resolve: (p) => p.id, parse: parsePositiveInt },
  loadWithoutCache: async (id, ctx, info) => {
    requireCatalogRead(ctx);
    return visibleProduct(ctx, await ctx.loaders.productById(ctx.productShape(info)).load(id));
  },
  fields: (t) => ({
    entityId: t.int({ description: 'BigCommerce product id.', resolve: (o) => o.id }),
    name: t.string({ description: 'Name.', resolve: (p) => p.name ?? '' }),
    sku: t.string({ description: 'SKU (may be empty).', resolve: (p) => p.sku ?? '' }),
    path: t.string({
      description: 'The storefront path, e.g. /blue-shirt/.',
      resolve: (p) => p.custom_url?.url ?? `/products/${p.id}/`,
    }),
    description: t.string({
      description: 'Description (HTML).',
      resolve: (p) => p.description ?? '',
    }),
    plainTextDescription: t.string({
      description: 'Description with the HTML removed, cut to `characterLimit`.',
      args: {
        characterLimit: t.arg.int({
          required: true,
          defaultValue: 500,
          description: 'Maximum length.',
        }),
      },
      resolve: (p, args) => toPlainText(p.description ?? '', args.characterLimit),
    }),
    type: t.field({
      type: ProductType,
      description: 'Physical or digital.',
      resolve: (p) => oneOf(p.type, ['physical', 'digital'], 'physical'),
    }),
    condition: t.field({
      type: ProductCondition,
      description: 'New, used or refurbished.',
      resolve: (p) => oneOf(p.condition, ['New', 'Used', 'Refurbished'], 'New'),
    }),
    availability: t.field({
      type: ProductAvailability,
      description: 'Whether it can be bought now, pre-ordered, or not at all.',
      resolve: (p) => oneOf(p.availability, ['available', 'disabled', 'preorder'], 'available'),
    }),
    availabilityDescription: t.string({
      description: 'Merchant text about availability, e.g. “Ships in 2 days”.',
      resolve: (p) => p.availability_description ?? '',
    }),
    isVisible: t.boolean({
      description: 'Shown on the storefront.',
      resolve: (p) => p.is_visible ?? false,
    }),
    isFeatured: t.boolean({
      description: 'Featured by the merchant.',
      resolve: (p) => p.is_featured ?? false,
    }),
    prices: t.field({ type: ProductPrices, description: 'Prices.', resolve: (p) => p }),
    inventory: t.field({ type: ProductInventory, description: 'Stock.', resolve: (p) => p }),
    dimensions: t.field({ type: Dimensions, description: 'Weight and size.', resolve: (p) => p }),
    seo: t.field({ type: Seo, description: 'Search engine metadata.', resolve: (p) => p }),
    images: t.field({
      type: [Image],
      description: 'Images in the merchant’s order.',
      resolve: (p) =>
        [...(p.images ?? [])].sort((a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0)),
    }),
    defaultImage: t.field({
      type: Image,
      nullable: true,
      description: 'The thumbnail image, when the product has images.',
      resolve: (p) =>
        p.primary_image ?? p.images?.find((i) => i.is_thumbnail) ?? p.images?.[0] ?? null,
    }),
    variants: t.field({
      type: [VariantRef],
      description: 'Purchasable variants (at least one, the base variant).',
      resolve: (p) => (p.variants ?? []).map((variant) => ({ variant, product: p })),
    }),
    customFields: t.field({
      type: [CustomField],
      description: 'Merchant-defined fields.',
      resolve: (p) => p.custom_fields ?? [],
    }),
    brand: t.field({
      type: BrandRef,
      nullable: true,
      description: 'The brand, when it has one.',
      complexity: LOOKUP,
      resolve: (p, _a, ctx) => (p.brand_id ? ctx.loaders.brandById.load(p.brand_id) : null),
    }),
    categories: t.field({
      type: [CategoryRef],
      nullable: true,
      description: 'Categories the product is in.',
      complexity: { field: LOOKUP, multiplier: CATEGORIES_PER_PRODUCT },
      resolve: async (p, _a, ctx) => {
        const found = await ctx.loaders.categoryById.loadMany(p.categories ?? []);
        const failure = found.find((c) => c instanceof Error);
        if (failure) throw failure;
        return found.filter((c): c is BcTreeCategory => c != null && !(c instanceof Error));
      },
    }),
    createdAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the product was created.',
      resolve: (p) => p.date_created ?? null,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the product last changed.',
      resolve: (p) => p.date_modified ?? null,
    }),
  }),
});

function toPlainText(html: string, limit: number): string {
  const text = html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > limit ? `${text.slice(0, Math.max(0, limit - 1))}…` : text;
}
