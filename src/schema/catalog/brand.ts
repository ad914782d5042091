import { builder } from '../builder.js';
import { parsePositiveInt } from '../ids.js';
import { connectionComplexity } from '../query-cost.js';
import {
  ProductConnection,
  productListArgs,
  resolveProductConnection,
} from './product-connection.js';
import { BrandRef, ProductRef } from './refs.js';
import { requireCatalogRead } from './visibility.js';

builder.node(BrandRef, {
  description: 'A brand (manufacturer) of products.',
  id: { resolve: (b) => b.id, parse: parsePositiveInt },
  loadWithoutCache: (id, ctx) => {
    requireCatalogRead(ctx);
    return ctx.loaders.brandById.load(id);
  },
  fields: (t) => ({
    entityId: t.int({ description: 'BigCommerce brand id.', resolve: (o) => o.id }),
    name: t.string({ description: 'Name.', resolve: (b) => b.name ?? '' }),
    path: t.string({
      description: 'The storefront path of the brand page.',
      resolve: (b) => b.custom_url?.url ?? `/brands/${b.id}/`,
    }),
    imageUrl: t.string({
      nullable: true,
      description: 'The brand’s logo, when it has one.',
      resolve: (b) => b.image_url || null,
    }),
    pageTitle: t.string({ description: 'SEO page title.', resolve: (b) => b.page_title ?? '' }),
    metaDescription: t.string({
      description: 'SEO meta description.',
      resolve: (b) => b.meta_description ?? '',
    }),
    products: t.connection(
      {
        type: ProductRef,
        nullable: true,
        description: 'Products of this brand (visible ones unless the filter says otherwise).',
        args: productListArgs,
        complexity: connectionComplexity,
        resolve: (brand, args, ctx, info) =>
          resolveProductConnection(
            { ...args, filter: { ...args.filter, brandEntityId: brand.id } },
            ctx,
            info,
          ),
      },
      ProductConnection,
    ),
  }),
});
