import { z } from 'zod';
import type { Context } from '../../context.js';
import type { InventoryUpdatedEvent, ProductUpdatedEvent } from '../../pubsub/topics.js';
import { builder } from '../builder.js';
import { ProductRef } from '../catalog/refs.js';
import { visibleProduct } from '../catalog/visibility.js';
import { LOOKUP, UPSTREAM_CALL } from '../query-cost.js';
import {
  AFTER_ARG_OPTIONS,
  eventStream,
  keysHolding,
  StoreEventInterface,
  startEvent,
} from './event-stream.js';

/** Product ids one subscription may name: a page's worth, as in `id:in`. */
const entityIdsSchema = z.array(z.number().int().positive()).max(250).nullish();

const loadProduct = (
  ctx: Context,
  productId: number,
  info: Parameters<Context['productShape']>[0],
) =>
  ctx.loaders
    .productById(ctx.productShape(info))
    .load(productId)
    .then((product) => visibleProduct(ctx, product));

const ProductUpdatedEventRef = builder
  .objectRef<ProductUpdatedEvent>('ProductUpdatedEvent')
  .implement({
    interfaces: [StoreEventInterface],
    description: 'A product was created, changed or deleted in the store.',
    fields: (t) => ({
      productEntityId: t.exposeInt('productId', { description: 'BigCommerce product id.' }),
      deleted: t.exposeBoolean('deleted', { description: 'Whether the product is gone.' }),
      product: t.field({
        type: ProductRef,
        nullable: true,
        description: 'The product as it is now; null when deleted (or hidden from you).',
        complexity: LOOKUP,
        resolve: (event, _args, ctx, info) =>
          event.deleted ? null : loadProduct(ctx, event.productId, info),
      }),
    }),
  });

const InventoryUpdatedEventRef = builder
  .objectRef<InventoryUpdatedEvent>('InventoryUpdatedEvent')
  .implement({
    interfaces: [StoreEventInterface],
    description: 'The stock of a product or of one of its variants changed.',
    fields: (t) => ({
      productEntityId: t.exposeInt('productId', { description: 'BigCommerce product id.' }),
      variantEntityId: t.int({
        nullable: true,
        description: 'The variant whose stock changed; null for the product’s own stock.',
        resolve: (event) => event.variantId ?? null,
      }),
      product: t.field({
        type: ProductRef,
        nullable: true,
        description: 'The product (with its variants’ stock) as it is now; null when gone.',
        complexity: LOOKUP,
        resolve: (event, _args, ctx, info) => loadProduct(ctx, event.productId, info),
      }),
    }),
  });

builder.subscriptionFields((t) => ({
  productUpdated: t.field({
    type: ProductUpdatedEventRef,
    description: 'Products as they change; only those of `entityIds` when given.',
    args: {
      entityIds: t.arg.intList({
        required: false,
        description: 'BigCommerce product ids to follow (at most 250); all when omitted.',
        validate: entityIdsSchema,
      }),
      after: t.arg.id(AFTER_ARG_OPTIONS),
    },
    complexity: UPSTREAM_CALL,
    authScopes: keysHolding('catalog:read'),
    subscribe: (_root, args, ctx) => {
      const ids = args.entityIds ? new Set(args.entityIds) : undefined;
      return eventStream(ctx, 'productUpdated', args.after, (event) =>
        !ids || ids.has(event.productId) ? event : undefined,
      );
    },
    resolve: (event, _args, ctx) => startEvent(event, ctx),
  }),
  inventoryUpdated: t.field({
    type: InventoryUpdatedEventRef,
    description:
      'Stock changes of products and their variants; only `productEntityIds` when given.',
    args: {
      productEntityIds: t.arg.intList({
        required: false,
        description: 'BigCommerce product ids to follow (at most 250); all when omitted.',
        validate: entityIdsSchema,
      }),
      after: t.arg.id(AFTER_ARG_OPTIONS),
    },
    complexity: UPSTREAM_CALL,
    authScopes: keysHolding('catalog:read'),
    subscribe: (_root, args, ctx) => {
      const ids = args.productEntityIds ? new Set(args.productEntityIds) : undefined;
      return eventStream(ctx, 'inventoryUpdated', args.after, (event) =>
        !ids || ids.has(event.productId) ? event : undefined,
      );
    },
    resolve: (event, _args, ctx) => startEvent(event, ctx),
  }),
}));
