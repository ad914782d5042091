import type { BcCart, BcCartLineItem } from '../../datasources/schemas/carts.js';
import { builder } from '../builder.js';
import { Money, money } from '../catalog/money.js';
import { ProductRef } from '../catalog/refs.js';
import { VariantRef } from '../catalog/variant.js';
import { visibleProduct } from '../catalog/visibility.js';
import { LOOKUP, UPSTREAM_CALL } from '../query-cost.js';
import { sumMoney } from './amounts.js';
import { loadCartForViewer, loadCheckoutForViewer } from './cart-access.js';
import { CheckoutRef } from './checkout-ref.js';
import { cartIdSchema } from './inputs.js';

export const CartRef = builder.objectRef<BcCart>('Cart');

interface LineItemShape {
  item: BcCartLineItem;
  isDigital: boolean;
  currencyCode: string;
}

const CartLineItemRef = builder.objectRef<LineItemShape>('CartLineItem');
type SelectedOption = NonNullable<BcCartLineItem['options']>[number];
const CartSelectedOption = builder.objectRef<SelectedOption>('CartSelectedOption').implement({
  description: 'An option value chosen for a line item, such as Size: Large.',
  fields: (t) => ({
    name: t.string({ description: 'The option’s name (e.g. Size).', resolve: (o) => o.name ?? '' }),
    value: t.string({
      description: 'The chosen value (e.g. Large).',
      resolve: (o) => o.value ?? '',
    }),
    optionEntityId: t.int({
      nullable: true,
      description: 'BigCommerce option id.',
      resolve: (o) => o.nameId ?? null,
    }),
    valueEntityId: t.int({
      nullable: true,
      description: 'BigCommerce option value id.',
      resolve: (o) => o.valueId ?? null,
    }),
  }),
});

const itemsOf = (cart: BcCart): LineItemShape[] => {
  const currencyCode = cart.currency.code;
  return [
    ...cart.line_items.physical_items.map((item) => ({ item, isDigital: false, currencyCode })),
    ...cart.line_items.digital_items.map((item) => ({ item, isDigital: true, currencyCode })),
  ];
};

CartLineItemRef.implement({
  description: 'One product (variant) in a cart, with its quantity and prices.',
  fields: (t) => ({
    entityId: t.string({
      description: 'BigCommerce line item id.',
      resolve: ({ item }) => item.id,
    }),
    productEntityId: t.int({
      description: 'BigCommerce product id.',
      resolve: ({ item }) => item.product_id,
    }),
    variantEntityId: t.int({
      nullable: true,
      description: 'BigCommerce variant id.',
      resolve: ({ item }) => item.variant_id ?? null,
    }),
    product: t.field({
      type: ProductRef,
      nullable: true,
      description: 'The catalog product (null when it is hidden or gone).',
      complexity: LOOKUP,
      resolve: async ({ item }, _args, ctx, info) =>
        visibleProduct(
          ctx,
          await ctx.loaders.productById(ctx.productShape(info)).load(item.product_id),
        ),
    }),
    variant: t.field({
      type: VariantRef,
      nullable: true,
      description: 'The catalog variant (null when gone).',
      complexity: LOOKUP,
      resolve: async ({ item }, _args, ctx) => {
        if (item.variant_id === undefined) return null;
        const variant = await ctx.loaders.variantById.load({
          productId: item.product_id,
          variantId: item.variant_id,
        });
        return variant ? { variant, product: undefined } : null;
      },
    }),
    sku: t.string({ description: 'SKU of the variant.', resolve: ({ item }) => item.sku ?? '' }),
    name: t.string({ description: 'The product’s name.', resolve: ({ item }) => item.name ?? '' }),
    quantity: t.int({ description: 'How many.', resolve: ({ item }) => item.quantity }),
    listPrice: t.field({
      type: Money,
      description: 'Price of one, before discounts.',
      resolve: ({ item, currencyCode }) => money(item.list_price ?? 0, currencyCode),
    }),
    salePrice: t.field({
      type: Money,
      description: 'Price of one after product discounts, before tax.',
      resolve: ({ item, currencyCode }) =>
        money(item.sale_price ?? item.list_price ?? 0, currencyCode),
    }),
    extendedListPrice: t.field({
      type: Money,
      description: 'List price times quantity.',
      resolve: ({ item, currencyCode }) => money(item.extended_list_price ?? 0, currencyCode),
    }),
    extendedSalePrice: t.field({
      type: Money,
      description: 'Sale price times quantity.',
      resolve: ({ item, currencyCode }) =>
        money(item.extended_sale_price ?? item.extended_list_price ?? 0, currencyCode),
    }),
    imageUrl: t.string({
      nullable: true,
      description: 'Image of the product or variant.',
      resolve: ({ item }) => item.image_url || null,
    }),
    selectedOptions: t.field({
      type: [CartSelectedOption],
      description: 'The option values chosen (the variant’s).',
      // A handful of values already in the cart answer.
      complexity: { field: 0, multiplier: 3 },
      resolve: ({ item }) => item.options ?? [],
    }),
    isDigital: t.boolean({
      description: 'A download rather than a shipped item.',
      resolve: (l) => l.isDigital,
    }),
  }),
});

builder.node(CartRef, {
  description: 'A shopping cart. Its checkout has the same id.',
  id: { resolve: (cart) => cart.id, parse: (id) => id },
  loadWithoutCache: (id, ctx) =>
    cartIdSchema.safeParse(id).success ? loadCartForViewer(ctx, id) : null,
  fields: (t) => ({
    entityId: t.exposeString('id', {
      description: 'BigCommerce cart id (a UUID), also the checkout id.',
    }),
    customerEntityId: t.int({
      nullable: true,
      description: 'The customer the cart belongs to; null for a guest cart.',
      resolve: (cart) => (cart.customer_id === 0 ? null : cart.customer_id),
    }),
    currencyCode: t.string({
      description: 'ISO-4217 currency code.',
      resolve: (cart) => cart.currency.code,
    }),
    lineItems: t.field({
      type: [CartLineItemRef],
      description: 'The items, physical first, then digital.',
      complexity: { field: 0, multiplier: 10 },
      resolve: itemsOf,
    }),
    itemCount: t.int({
      description: 'How many units in all.',
      resolve: (cart) => itemsOf(cart).reduce((sum, l) => sum + l.item.quantity, 0),
    }),
    baseAmount: t.field({
      type: Money,
      description: 'Sum of the items before discounts and coupons.',
      resolve: (cart) => money(cart.base_amount, cart.currency.code),
    }),
    discountAmount: t.field({
      type: Money,
      description: 'All discounts and coupons: `baseAmount` minus `cartAmount`.',
      resolve: (cart) => sumMoney([cart.base_amount], cart.currency.code, [cart.cart_amount]),
    }),
    cartAmount: t.field({
      type: Money,
      description:
        'Sum of the items after discounts and coupons (taxes included only when `isTaxIncluded`).',
      resolve: (cart) => money(cart.cart_amount, cart.currency.code),
    }),
    isTaxIncluded: t.boolean({
      description: 'Whether prices include tax.',
      resolve: (cart) => cart.tax_included,
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When the cart was created.',
      resolve: (c) => c.created_time,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'When it last changed.',
      resolve: (c) => c.updated_time,
    }),
    checkout: t.field({
      type: CheckoutRef,
      description: 'The cart’s checkout: addresses, shipping, coupons and totals.',
      complexity: UPSTREAM_CALL,
      resolve: async (cart, _args, ctx) => {
        const checkout = await loadCheckoutForViewer(ctx, cart.id);
        if (!checkout) throw new Error('The checkout of a reachable cart is missing');
        return checkout;
      },
    }),
  }),
});

builder.queryField('cart', (t) =>
  t.field({
    type: CartRef,
    nullable: true,
    description:
      'A cart by its BigCommerce id (a UUID); null when there is none or it is not yours.',
    args: {
      id: t.arg.id({ required: true, description: 'BigCommerce cart id.', validate: cartIdSchema }),
    },
    complexity: UPSTREAM_CALL,
    resolve: (_root, args, ctx) => loadCartForViewer(ctx, String(args.id)),
  }),
);
