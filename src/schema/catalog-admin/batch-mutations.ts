import { z } from 'zod';
import { PRODUCT_BATCH_LIMIT } from '../../datasources/catalog-writes.js';
import { builder } from '../builder.js';
import { ProductRef } from '../catalog/refs.js';
import { ErrorInterface, type UserError } from '../errors.js';
import { LOOKUP, UPSTREAM_CALL } from '../query-cost.js';
import { catalogRefusal } from './errors.js';
import { toProductChanges, UpdateProductInput } from './inputs.js';
import { CATALOG_WRITE, forgetProduct, freshProduct } from './product-mutations.js';

/** At most this many products per `updateProducts` (25 upstream batches). */
const MAX_ITEMS = 250;

interface ItemOutcome {
  productId: number;
  error: UserError | null;
}

const ProductUpdateOutcome = builder.objectRef<ItemOutcome>('ProductUpdateOutcome').implement({
  description: 'What became of one product of `updateProducts`.',
  fields: (t) => ({
    entityId: t.int({ description: 'The product’s id, as given.', resolve: (o) => o.productId }),
    product: t.field({
      type: ProductRef,
      nullable: true,
      description: 'The product as it now is, when it was changed.',
      // Every item's product is read in one batched call (`productById`), like `product(entityId:)`.
      complexity: LOOKUP,
      resolve: (o, _args, ctx, info) => (o.error ? null : freshProduct(ctx, o.productId, info)),
    }),
    error: t.field({
      type: ErrorInterface,
      nullable: true,
      description:
        'Why it was not changed. BigCommerce applies each batch of 10 whole or not at all, so ' +
        'the other items of a refused batch fail with it.',
      resolve: (o) => o.error,
    }),
  }),
});

const UpdateProductsPayload = builder
  .objectRef<{ items: ItemOutcome[] }>('UpdateProductsPayload')
  .implement({
    description: 'The outcome of `updateProducts`: one entry per product, in the order given.',
    fields: (t) => ({
      results: t.field({
        type: [ProductUpdateOutcome],
        description: 'One per product given.',
        resolve: (p) => p.items,
      }),
      updatedCount: t.int({
        description: 'How many were changed.',
        resolve: (p) => p.items.filter((i) => !i.error).length,
      }),
    }),
  });

builder.mutationField('updateProducts', (t) =>
  t.field({
    type: UpdateProductsPayload,
    description:
      'Changes many products at once, 10 per upstream batch (keys with `catalog:write`).',
    authScopes: CATALOG_WRITE,
    args: {
      input: t.arg({
        type: builder.inputType('UpdateProductsInput', {
          description: 'The products and their changes.',
          fields: (f) => ({
            products: f.field({
              type: [UpdateProductInput],
              required: true,
              description: `At most ${MAX_ITEMS}, each product once.`,
              // A loose object: plugin-validation passes on zod's output, which a plain object
              // would strip down to `entityId`.
              validate: z
                .array(z.looseObject({ entityId: z.number() }))
                .min(1, 'needs at least one product')
                .max(MAX_ITEMS)
                .refine(
                  (items) => new Set(items.map((i) => i.entityId)).size === items.length,
                  'names a product twice',
                ),
            }),
          }),
        }),
        required: true,
        description: 'What to change.',
      }),
    },
    complexity: (args) => ({
      field: Math.ceil(args.input.products.length / PRODUCT_BATCH_LIMIT) * UPSTREAM_CALL,
      multiplier: args.input.products.length,
    }),
    resolve: async (_root, { input }, ctx) => {
      const results = await ctx.catalogWrites.updateProducts(
        input.products.map((item) => ({ id: item.entityId, ...toProductChanges(item) })),
      );
      const items: ItemOutcome[] = [];
      const thrown: unknown[] = [];
      results.forEach((result, index) => {
        if (result.ok) {
          items.push({ productId: result.id, error: null });
          return;
        }
        const typed = catalogRefusal(result.error, `input.products.${index}`);
        if (typed) items.push({ productId: result.id, error: typed });
        else thrown.push(result.error);
      });
      const changed = items.filter((i) => !i.error).map((i) => i.productId);
      await Promise.all(changed.map((id) => forgetProduct(ctx, id)));
      ctx.audit({
        operation: 'updateProducts',
        outcome:
          thrown.length > 0 ? 'error' : changed.length === results.length ? 'success' : 'rejected',
        ...(thrown.length > 0 && { reason: 'upstream' }),
        details: {
          productIds: results.map((r) => r.id).join(','),
          updated: changed.length,
          refused: items.length - changed.length,
        },
      });
      // An outage or a gateway bug is no answer about those products: the field fails (masked),
      // after what did change has been evicted and audited.
      if (thrown.length > 0) throw thrown[0];
      return { items };
    },
  }),
);
