import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context.js';
import type { ProductListFilter, ProductSort } from '../../datasources/catalog.js';
import { builder } from '../builder.js';
import { ProductSortField, SortDirection } from './enums.js';
import { type ConnectionWindowArgs, resolveOffsetConnection } from './offset-connection.js';
import { ProductRef } from './refs.js';
import { listingVisibility } from './visibility.js';

export const PriceRangeInput = builder.inputType('PriceRangeInput', {
  description: 'A price range in the store currency; either end may be left open.',
  fields: (t) => ({
    min: t.field({
      type: 'Decimal',
      required: false,
      description: 'Lowest price, inclusive, e.g. "10.50".',
    }),
    max: t.field({
      type: 'Decimal',
      required: false,
      description: 'Highest price, inclusive, e.g. "99.99".',
    }),
  }),
});

export const ProductFilter = builder.inputType('ProductFilter', {
  description: 'Narrows a product listing. All given conditions must hold.',
  fields: (t) => ({
    search: t.string({
      required: false,
      description: 'Words matched against name, SKU and description.',
    }),
    categoryEntityId: t.int({ required: false, description: 'Only products in this category.' }),
    brandEntityId: t.int({ required: false, description: 'Only products of this brand.' }),
    price: t.field({ type: PriceRangeInput, required: false, description: 'Price range.' }),
    isVisible: t.boolean({
      required: false,
      description: 'Visibility on the storefront. Defaults to visible products only.',
    }),
    isFeatured: t.boolean({
      required: false,
      description: 'Only featured (or non-featured) products.',
    }),
    inStock: t.boolean({
      required: false,
      description: 'Only products with stock on hand (tracked inventory above zero).',
    }),
  }),
});

export const ProductSortInput = builder.inputType('ProductSortInput', {
  description: 'The order of a product listing.',
  fields: (t) => ({
    field: t.field({ type: ProductSortField, required: true, description: 'What to order by.' }),
    direction: t.field({ type: SortDirection, defaultValue: 'asc', description: 'Which way.' }),
  }),
});

export const ProductConnection = builder.connectionObject(
  { type: ProductRef, name: 'ProductConnection', description: 'A page of products.' },
  { name: 'ProductEdge', description: 'A product in a page, with its cursor.' },
);

/** The arguments every product listing takes besides the Relay window. */
export const productListArgs = builder.args((t) => ({
  filter: t.field({ type: ProductFilter, required: false, description: 'Conditions to meet.' }),
  sort: t.field({
    type: ProductSortInput,
    required: false,
    description: 'Order (default: by id).',
  }),
}));

export type ProductFilterArgs = typeof ProductFilter.$inferInput;
export interface ProductConnectionArgs extends ConnectionWindowArgs {
  filter?: ProductFilterArgs | null;
  sort?: typeof ProductSortInput.$inferInput | null;
}

/** The filter as BigCommerce's `/v3/catalog/products` query parameters. */
export function toListFilter(
  filter: ProductFilterArgs | null | undefined,
  isVisible: boolean,
): ProductListFilter {
  const f = filter ?? {};
  return {
    keyword: f.search?.trim() || undefined,
    'categories:in': f.categoryEntityId != null ? [f.categoryEntityId] : undefined,
    brand_id: f.brandEntityId ?? undefined,
    // The decimal text as the caller wrote it: BigCommerce reads the query parameter as a number.
    'price:min': f.price?.min ?? undefined,
    'price:max': f.price?.max ?? undefined,
    is_visible: isVisible,
    is_featured: f.isFeatured ?? undefined,
    'inventory_level:min': f.inStock ? 1 : undefined,
    'inventory_level:max': f.inStock === false ? 0 : undefined,
  };
}

/** One page of products as a connection, fetched in as few upstream pages as the window allows. */
export async function resolveProductConnection(
  args: ProductConnectionArgs,
  ctx: Context,
  info: GraphQLResolveInfo,
) {
  const shape = ctx.productShape(info);
  const filter = toListFilter(args.filter, listingVisibility(ctx, args.filter?.isVisible));
  const sort: ProductSort | undefined = args.sort
    ? { sort: args.sort.field, direction: args.sort.direction ?? 'asc' }
    : undefined;
  const fetchPage = (page: number, limit: number) =>
    ctx.loaders.productPage({ filter, sort, page, limit, shape });

  return resolveOffsetConnection(args, fetchPage);
}
