import type { BcCategoryTreeNode } from '../../datasources/schemas/catalog.js';
import { builder } from '../builder.js';
import { parsePositiveInt } from '../ids.js';
import { connectionComplexity, IN_MEMORY_LIST_SIZES, LOOKUP } from '../query-cost.js';
import {
  ProductConnection,
  productListArgs,
  resolveProductConnection,
} from './product-connection.js';
import { CategoryRef, ProductRef } from './refs.js';
import { requireCatalogRead } from './visibility.js';

export const Breadcrumb = builder
  .objectRef<{ entityId: number; name: string; path: string }>('Breadcrumb')
  .implement({
    description: 'One step on the way from the top of the category tree to a category.',
    fields: (t) => ({
      entityId: t.int({ description: 'BigCommerce category id.', resolve: (o) => o.entityId }),
      name: t.string({ description: 'Name.', resolve: (o) => o.name }),
      path: t.string({ description: 'Storefront path.', resolve: (o) => o.path }),
    }),
  });

export const CategoryTreeItem = builder.objectRef<BcCategoryTreeNode>('CategoryTreeItem');
CategoryTreeItem.implement({
  description: 'A category in the storefront’s navigation tree, with its children.',
  fields: (t) => ({
    entityId: t.int({ description: 'BigCommerce category id.', resolve: (o) => o.id }),
    name: t.string({ description: 'Name.', resolve: (n) => n.name ?? '' }),
    path: t.string({ description: 'Storefront path.', resolve: (n) => n.url ?? '' }),
    isVisible: t.boolean({
      description: 'Shown in navigation.',
      resolve: (n) => n.is_visible ?? true,
    }),
    depth: t.int({ description: 'Depth in the tree, 1 at the top.', resolve: (n) => n.depth ?? 1 }),
    children: t.field({
      type: [CategoryTreeItem],
      description: 'Sub-categories.',
      resolve: (n) => n.children ?? [],
    }),
  }),
});

/** The path from the root of `tree` to the category `id`, or `undefined` when it is not in it. */
export function findTrail(
  tree: readonly BcCategoryTreeNode[],
  id: number,
): BcCategoryTreeNode[] | undefined {
  for (const node of tree) {
    if (node.id === id) return [node];
    const below = findTrail(node.children ?? [], id);
    if (below) return [node, ...below];
  }
  return undefined;
}

builder.node(CategoryRef, {
  description: 'A category of the catalog.',
  id: { resolve: (c) => c.category_id, parse: parsePositiveInt },
  loadWithoutCache: (id, ctx) => {
    requireCatalogRead(ctx);
    return ctx.loaders.categoryById.load(id);
  },
  fields: (t) => ({
    entityId: t.int({ description: 'BigCommerce category id.', resolve: (o) => o.category_id }),
    name: t.string({ description: 'Name.', resolve: (c) => c.name ?? '' }),
    path: t.string({ description: 'Storefront path.', resolve: (c) => c.url?.path ?? '' }),
    description: t.string({
      description: 'Description (HTML).',
      resolve: (c) => c.description ?? '',
    }),
    isVisible: t.boolean({
      description: 'Shown on the storefront.',
      resolve: (c) => c.is_visible ?? true,
    }),
    imageUrl: t.string({
      nullable: true,
      description: 'The category image, when it has one.',
      resolve: (c) => c.image_url || null,
    }),
    parent: t.field({
      type: CategoryRef,
      nullable: true,
      description: 'The parent category; null at the top of the tree.',
      complexity: LOOKUP,
      resolve: (c, _a, ctx) => (c.parent_id ? ctx.loaders.categoryById.load(c.parent_id) : null),
    }),
    breadcrumbs: t.field({
      type: [Breadcrumb],
      nullable: true,
      description: 'The trail from the top of the tree down to and including this category.',
      // The tree is one load per operation, shared by every category that asks.
      complexity: { field: LOOKUP, multiplier: IN_MEMORY_LIST_SIZES.Breadcrumb },
      resolve: async (c, _a, ctx) => {
        const tree = await ctx.loaders.categoryTree.load(c.tree_id ?? 0);
        const trail = findTrail(tree, c.category_id) ?? [];
        return trail.map((n) => ({ entityId: n.id, name: n.name ?? '', path: n.url ?? '' }));
      },
    }),
    products: t.connection(
      {
        type: ProductRef,
        nullable: true,
        description: 'Products in this category (visible ones unless the filter says otherwise).',
        args: productListArgs,
        complexity: connectionComplexity,
        resolve: (category, args, ctx, info) =>
          resolveProductConnection(
            { ...args, filter: { ...args.filter, categoryEntityId: category.category_id } },
            ctx,
            info,
          ),
      },
      ProductConnection,
    ),
  }),
});
