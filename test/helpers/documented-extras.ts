import type { DocumentedExtra, SpecDefect } from './openapi-contract.js';

/**
 * Parameters an operation's spec does not list (or lists too narrowly) but BigCommerce documents
 * elsewhere: exactly these, each with its value type, and nothing else is let through.
 */
export const DOCUMENTED_EXTRAS: readonly DocumentedExtra[] = [
  ...['price:min', 'price:max'].map((name) => ({
    operationId: 'getProducts',
    parameter: { name, in: 'query' as const, schema: { type: 'number' } },
    source: 'BigCommerce filtering guide: `:min`/`:max` range modifiers of numeric fields',
  })),
  {
    // The spec's `sort` enum lists bare fields while its own description documents the direction
    // suffix (`sort=date_created:desc`), which BigCommerce accepts: allowed as written there.
    operationId: 'getOrders',
    parameter: {
      name: 'sort',
      in: 'query',
      schema: {
        type: 'string',
        pattern:
          '^(id|customer_id|date_created|date_modified|status_id|channel_id|external_id)(:(asc|desc))?$',
      },
    },
    source: 'orders.v2.oas2.yml, the `sort` parameter’s description',
  },
];

/** Where a spec contradicts itself: these complaints, for these operations only, are set aside. */
export const KNOWN_SPEC_DEFECTS: readonly SpecDefect[] = [
  {
    operationIds: ['addCartLineItems', 'updateCartLineItem'],
    problem:
      /^\/requestBody\/line_items? must match exactly one schema in oneOf \{"passingSchemas":\[0,1\]\}$/,
    reason:
      'carts.v3.yml: the item body is a oneOf of "Item with variant" and "Item with modifier", and ' +
      'every real item matches both: the variant shape’s `required: [quantity, product_id]` sits ' +
      'inside its `gift_wrapping` by mistake, and neither shape forbids the other’s fields.',
  },
  {
    operationIds: ['updatePromotion'],
    problem: /^\/requestBody must match exactly one schema in oneOf \{"passingSchemas":\[0,1\]\}$/,
    reason:
      'promotions.v3.yml: the PUT body is a oneOf of PatchCouponPromotion and ' +
      'PatchAutomaticPromotion, and the automatic one is PromotionBase alone with no closed ' +
      'properties, so every coupon patch matches both branches.',
  },
  {
    operationIds: ['createProduct'],
    problem: /^\/requestBody\/variants\/\d+ must have required property '(id|product_id)'/,
    reason:
      'products_catalog.v3.yml: `product_Base_POST.variants` items are `productVariant_Full`, ' +
      'which requires `id` and `product_id`, values a create cannot know (BigCommerce assigns ' +
      'them; the operation’s own description says `variants` creates the variants).',
  },
  {
    operationIds: ['get-inventory-items'],
    problem: /^\/query\/product_id:in must be integer\b/,
    reason:
      'inventory.v3.yml: `ProductIdFilterParam` is typed `integer`, while its description (and ' +
      'BigCommerce) take a comma-separated list of ids.',
  },
];
