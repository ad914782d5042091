import type { GraphQLResolveInfo } from 'graphql';
import { z } from 'zod';
import type { Context } from '../../context.js';
import type { BcProduct } from '../../datasources/schemas/catalog.js';
import { fingerprintInput, idempotencyOwner } from '../../idempotency/idempotency.js';
import { builder } from '../builder.js';
import { ProductRef } from '../catalog/refs.js';
import { VariantRef } from '../catalog/variant.js';
import { visibleProduct } from '../catalog/visibility.js';
import { InvalidInputError, NotFoundError } from '../commerce/common-errors.js';
import { audited } from '../commerce/write-guard.js';
import { UPSTREAM_CALL } from '../query-cost.js';
import { catalogRefusal, DuplicateProductError } from './errors.js';
import {
  amount,
  CreateProductInput,
  toNewVariant,
  toProductChanges,
  UpdateProductInput,
  UpdateVariantInput,
} from './inputs.js';

export const CATALOG_WRITE = { scope: 'catalog:write' } as const;

/**
 * Evicts a written product (every shape, its listings, whole cached answers) on every replica
 * at once, without waiting for the webhook, and forgets what this request loaded of it.
 */
export async function forgetProduct(ctx: Context, id: number): Promise<void> {
  await ctx.invalidator.entityChanged('product', id);
}

/** The product as it now is, read through the (just evicted) cache in the shape the query asks. */
export async function freshProduct(
  ctx: Context,
  id: number,
  info: GraphQLResolveInfo,
): Promise<BcProduct | null> {
  const loader = ctx.loaders.productById(ctx.productShape(info));
  loader.clear(id);
  return visibleProduct(ctx, await loader.load(id));
}

const productPayload = (name: string, description: string) =>
  builder.objectRef<{ productId: number }>(name).implement({
    description,
    fields: (t) => ({
      product: t.field({
        type: ProductRef,
        nullable: true,
        description: 'The product as it now is.',
        complexity: UPSTREAM_CALL,
        resolve: (p, _args, ctx, info) => freshProduct(ctx, p.productId, info),
      }),
    }),
  });

const CreateProductPayload = productPayload(
  'CreateProductPayload',
  'The outcome of `createProduct`.',
);
const UpdateProductPayload = productPayload(
  'UpdateProductPayload',
  'The outcome of `updateProduct`.',
);

const DeleteProductPayload = builder
  .objectRef<{ productId: number }>('DeleteProductPayload')
  .implement({
    description: 'The outcome of `deleteProduct`.',
    fields: (t) => ({
      deletedProductEntityId: t.int({
        description: 'The id of the product deleted.',
        resolve: (p) => p.productId,
      }),
    }),
  });

const UpdateVariantPayload = builder
  .objectRef<{ productId: number; variantId: number }>('UpdateVariantPayload')
  .implement({
    description: 'The outcome of `updateVariant`.',
    fields: (t) => ({
      variant: t.field({
        type: VariantRef,
        nullable: true,
        description: 'The variant as it now is.',
        complexity: UPSTREAM_CALL,
        resolve: async (p, _args, ctx, info) => {
          const product = await freshProduct(ctx, p.productId, info);
          const [variant] = await ctx.catalog.getVariantsByKeys([
            { productId: p.productId, variantId: p.variantId },
          ]);
          return variant ? { variant, product: product ?? undefined } : null;
        },
      }),
      product: t.field({
        type: ProductRef,
        nullable: true,
        description: 'Its product as it now is.',
        complexity: UPSTREAM_CALL,
        resolve: (p, _args, ctx, info) => freshProduct(ctx, p.productId, info),
      }),
    }),
  });

builder.mutationField('createProduct', (t) =>
  t.field({
    type: CreateProductPayload,
    description: 'Adds a product with its variants (keys with `catalog:write`).',
    authScopes: CATALOG_WRITE,
    args: {
      input: t.arg({ type: CreateProductInput, required: true, description: 'The product.' }),
    },
    errors: {
      types: [DuplicateProductError, NotFoundError, InvalidInputError],
      directResult: true,
      union: { name: 'CreateProductResult', description: 'The new product, or why there is none.' },
    },
    complexity: 2 * UPSTREAM_CALL,
    resolve: async (_root, { input }, ctx) => {
      const create = async () => {
        const product = await ctx.catalogWrites.createProduct({
          ...toProductChanges(input),
          name: input.name,
          type: input.type,
          price: amount(input.price),
          weight: input.weight,
          variants: input.variants?.map(toNewVariant),
        });
        await forgetProduct(ctx, product.id);
        return { productId: product.id };
      };
      return audited(
        ctx,
        'createProduct',
        { variantCount: input.variants?.length ?? 0 },
        () =>
          input.idempotencyKey
            ? ctx.idempotency.run(
                {
                  operation: 'createProduct',
                  owner: idempotencyOwner(ctx.viewer),
                  key: input.idempotencyKey,
                  fingerprint: fingerprintInput(input),
                },
                create,
              )
            : create(),
        (error) => catalogRefusal(error),
        (result) => ({ productId: result.productId }),
      );
    },
  }),
);

builder.mutationField('updateProduct', (t) =>
  t.field({
    type: UpdateProductPayload,
    description: 'Changes the fields given of a product (keys with `catalog:write`).',
    authScopes: CATALOG_WRITE,
    args: {
      input: t.arg({ type: UpdateProductInput, required: true, description: 'What to change.' }),
    },
    errors: {
      types: [DuplicateProductError, NotFoundError, InvalidInputError],
      directResult: true,
      union: {
        name: 'UpdateProductResult',
        description: 'The product, or why it was not changed.',
      },
    },
    complexity: 2 * UPSTREAM_CALL,
    resolve: (_root, { input }, ctx) =>
      audited(
        ctx,
        'updateProduct',
        { productId: input.entityId },
        async () => {
          await ctx.catalogWrites.updateProduct(input.entityId, toProductChanges(input));
          await forgetProduct(ctx, input.entityId);
          return { productId: input.entityId };
        },
        (error) => catalogRefusal(error),
      ),
  }),
);

builder.mutationField('deleteProduct', (t) =>
  t.field({
    type: DeleteProductPayload,
    description: 'Deletes a product with its variants (keys with `catalog:write`).',
    authScopes: CATALOG_WRITE,
    args: {
      input: t.arg({
        type: builder.inputType('DeleteProductInput', {
          description: 'The product to delete.',
          fields: (f) => ({
            entityId: f.int({
              required: true,
              description: 'BigCommerce product id.',
              validate: z.number().int().positive('must be a positive entity id'),
            }),
          }),
        }),
        required: true,
        description: 'Which product.',
      }),
    },
    errors: {
      types: [NotFoundError],
      directResult: true,
      union: {
        name: 'DeleteProductResult',
        description: 'The deleted id, or why none was deleted.',
      },
    },
    complexity: 2 * UPSTREAM_CALL,
    resolve: (_root, { input }, ctx) =>
      audited(
        ctx,
        'deleteProduct',
        { productId: input.entityId },
        async () => {
          // BigCommerce answers 204 for an unknown id too: ask first, so "no such product" is told.
          const [existing] = await ctx.catalog.getProductsByIds([input.entityId], {
            include: [],
            fields: ['id'],
          });
          if (!existing)
            throw new NotFoundError('There is no such product.', { field: 'input.entityId' });
          await ctx.catalogWrites.deleteProduct(input.entityId);
          await forgetProduct(ctx, input.entityId);
          return { productId: input.entityId };
        },
        (error) => catalogRefusal(error),
      ),
  }),
);

builder.mutationField('updateVariant', (t) =>
  t.field({
    type: UpdateVariantPayload,
    description: 'Changes the fields given of a variant (keys with `catalog:write`).',
    authScopes: CATALOG_WRITE,
    args: {
      input: t.arg({ type: UpdateVariantInput, required: true, description: 'What to change.' }),
    },
    errors: {
      types: [DuplicateProductError, NotFoundError, InvalidInputError],
      directResult: true,
      union: {
        name: 'UpdateVariantResult',
        description: 'The variant, or why it was not changed.',
      },
    },
    complexity: 3 * UPSTREAM_CALL,
    resolve: (_root, { input }, ctx) => {
      const { productEntityId: productId, variantEntityId: variantId } = input;
      return audited(
        ctx,
        'updateVariant',
        { productId, variantId },
        async () => {
          await ctx.catalogWrites.updateVariant(productId, variantId, {
            ...(input.sku != null && { sku: input.sku }),
            ...(input.price != null && { price: amount(input.price) }),
            ...(input.salePrice != null && { sale_price: amount(input.salePrice) }),
            ...(input.inventoryLevel != null && { inventory_level: input.inventoryLevel }),
            ...(input.purchasingDisabled != null && {
              purchasing_disabled: input.purchasingDisabled,
            }),
          });
          // Products carry their variants' tags: the variant's eviction reaches every product shape.
          await Promise.all([
            ctx.invalidator.entityChanged('variant', variantId),
            ctx.invalidator.entityChanged('product', productId),
          ]);
          return { productId, variantId };
        },
        (error) => catalogRefusal(error),
      );
    },
  }),
);
