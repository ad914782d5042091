import { GraphQLError } from 'graphql';
import { builder } from '../builder.js';
import { decodeGlobalId } from '../global-id.js';
import { parsePositiveInt } from '../ids.js';
import {
  connectionComplexity,
  IN_MEMORY_LIST_SIZES,
  LOOKUP,
  UPSTREAM_CALL,
} from '../query-cost.js';
import { CategoryTreeItem } from './category.js';
import { resolveOffsetConnection } from './offset-connection.js';
import {
  ProductConnection,
  productListArgs,
  resolveProductConnection,
} from './product-connection.js';
import { BrandRef, CategoryRef, ProductRef } from './refs.js';
import { visibleProduct } from './visibility.js';

/** Every catalog read needs `catalog:read`: shoppers and anonymous callers have it, keys may not. */
const CATALOG_READ = { scope: 'catalog:read' } as const;

/** `id` (global) or `entityId`: exactly one, and a global id must be of the expected type. */
function pickEntityId(
  typename: string,
  args: { id?: string | null; entityId?: number | null },
): number | undefined {
  if (args.id != null && args.entityId != null) {
    throw new GraphQLError('Pass `id` or `entityId`, not both.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  if (args.entityId != null) return parsePositiveInt(args.entityId);
  if (args.id == null) return undefined;
  const decoded = decodeGlobalId(args.id);
  if (decoded.typename !== typename) {
    throw new GraphQLError(`The id is not a ${typename} id.`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return parsePositiveInt(decoded.id);
}

/** `id` or `entityId` of a type that has no other natural key. */
const lookupArgs = (what: string) =>
  builder.args((t) => ({
    id: t.id({ required: false, description: 'Global id.' }),
    entityId: t.int({ required: false, description: `BigCommerce ${what} id.` }),
  }));

function requireEntityId(typename: string, args: { id?: string | null; entityId?: number | null }) {
  const entityId = pickEntityId(typename, args);
  if (entityId == null) throw oneOfMessage('`id` or `entityId`');
  return entityId;
}

const oneOfMessage = (what: string) =>
  new GraphQLError(`Pass one of ${what}.`, { extensions: { code: 'BAD_USER_INPUT' } });

builder.queryFields((t) => ({
  product: t.field({
    type: ProductRef,
    nullable: true,
    description: 'One product by global `id`, `entityId` or `sku`; null when there is none.',
    args: {
      id: t.arg.id({ required: false, description: 'Global id.' }),
      entityId: t.arg.int({ required: false, description: 'BigCommerce product id.' }),
      sku: t.arg.string({ required: false, description: 'Product SKU.' }),
    },
    complexity: LOOKUP,
    authScopes: CATALOG_READ,
    resolve: (_root, args, ctx, info) => {
      const shape = ctx.productShape(info);
      const entityId = pickEntityId('Product', { id: args.id, entityId: args.entityId });
      if (entityId != null && args.sku != null) throw oneOfMessage('`id`, `entityId` or `sku`');
      if (entityId != null) {
        return ctx.loaders
          .productById(shape)
          .load(entityId)
          .then((p) => visibleProduct(ctx, p));
      }
      if (args.sku != null) {
        return ctx.loaders
          .productBySku(shape)
          .load(args.sku)
          .then((p) => visibleProduct(ctx, p));
      }
      throw oneOfMessage('`id`, `entityId` or `sku`');
    },
  }),
  products: t.connection(
    {
      type: ProductRef,
      nullable: true,
      description: 'Products of the catalog, filtered and sorted, as a Relay connection.',
      args: productListArgs,
      complexity: connectionComplexity,
      authScopes: CATALOG_READ,
      resolve: (_root, args, ctx, info) => resolveProductConnection(args, ctx, info),
    },
    ProductConnection,
  ),
  category: t.field({
    type: CategoryRef,
    nullable: true,
    description: 'One category by global `id` or `entityId`; null when there is none.',
    args: lookupArgs('category'),
    complexity: LOOKUP,
    authScopes: CATALOG_READ,
    resolve: (_root, args, ctx) => ctx.loaders.categoryById.load(requireEntityId('Category', args)),
  }),
  categoryTree: t.field({
    type: [CategoryTreeItem],
    nullable: true,
    description: 'The storefront’s category tree, top-level categories first.',
    complexity: { field: UPSTREAM_CALL, multiplier: IN_MEMORY_LIST_SIZES.CategoryTreeItem },
    authScopes: CATALOG_READ,
    resolve: (_root, _args, ctx) => ctx.loaders.categoryTree.load(0),
  }),
  brands: t.connection(
    {
      type: BrandRef,
      nullable: true,
      description: 'Brands of the catalog, by id, as a Relay connection.',
      complexity: connectionComplexity,
      authScopes: CATALOG_READ,
      resolve: (_root, args, ctx) =>
        resolveOffsetConnection(args, (page, limit) => ctx.loaders.brandPage({ page, limit })),
    },
    { name: 'BrandConnection', description: 'A page of brands.' },
    { name: 'BrandEdge', description: 'A brand in a page, with its cursor.' },
  ),
  brand: t.field({
    type: BrandRef,
    nullable: true,
    description: 'One brand by global `id` or `entityId`; null when there is none.',
    args: lookupArgs('brand'),
    complexity: LOOKUP,
    authScopes: CATALOG_READ,
    resolve: (_root, args, ctx) => ctx.loaders.brandById.load(requireEntityId('Brand', args)),
  }),
}));
