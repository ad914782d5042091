import type { Context } from '../../context.js';
import type {
  BcCheckout,
  BcCheckoutAddress,
  BcConsignment,
  BcShippingOption,
} from '../../datasources/schemas/checkouts.js';
import { builder } from '../builder.js';
import { Money, money } from '../catalog/money.js';
import { UPSTREAM_CALL } from '../query-cost.js';
import { sumMoney } from './amounts.js';
import { CartRef } from './cart.js';
import { loadCartForViewer, loadCheckoutForViewer } from './cart-access.js';
import { CheckoutRef } from './checkout-ref.js';
import { cartIdSchema } from './inputs.js';

const str = (value: string | undefined) => value ?? '';

export const CheckoutAddressRef = builder
  .objectRef<BcCheckoutAddress>('CheckoutAddress')
  .implement({
    description: 'A billing or shipping address of a checkout.',
    fields: (t) => ({
      firstName: t.string({ description: 'First name.', resolve: (a) => str(a.first_name) }),
      lastName: t.string({ description: 'Last name.', resolve: (a) => str(a.last_name) }),
      email: t.string({ description: 'Email address.', resolve: (a) => str(a.email) }),
      company: t.string({ description: 'Company, or empty.', resolve: (a) => str(a.company) }),
      address1: t.string({ description: 'Street address.', resolve: (a) => str(a.address1) }),
      address2: t.string({
        description: 'Second line, or empty.',
        resolve: (a) => str(a.address2),
      }),
      city: t.string({ description: 'City.', resolve: (a) => str(a.city) }),
      stateOrProvince: t.string({
        description: 'State or province.',
        resolve: (a) => str(a.state_or_province),
      }),
      stateOrProvinceCode: t.string({
        description: 'State or province code, or empty.',
        resolve: (a) => str(a.state_or_province_code),
      }),
      postalCode: t.string({ description: 'Postal code.', resolve: (a) => str(a.postal_code) }),
      countryCode: t.string({
        description: 'ISO-3166 alpha-2 country code.',
        resolve: (a) => str(a.country_code),
      }),
      phone: t.string({ description: 'Phone number, or empty.', resolve: (a) => str(a.phone) }),
    }),
  });

type OptionShape = { option: BcShippingOption; currencyCode: string };
const ShippingOptionRef = builder.objectRef<OptionShape>('ShippingOption').implement({
  description: 'A way a consignment can ship, with its cost.',
  fields: (t) => ({
    entityId: t.string({
      description: 'BigCommerce shipping option id.',
      resolve: ({ option }) => option.id,
    }),
    description: t.string({
      description: 'Its name (e.g. Flat Rate).',
      resolve: ({ option }) => str(option.description),
    }),
    type: t.string({
      description: 'BigCommerce’s method type (e.g. shipping_flatrate).',
      resolve: ({ option }) => str(option.type),
    }),
    cost: t.field({
      type: Money,
      description: 'Shipping cost, tax excluded.',
      resolve: ({ option, currencyCode }) => money(option.cost, currencyCode),
    }),
  }),
});

type ConsignmentShape = { consignment: BcConsignment; currencyCode: string };
const ConsignmentRef = builder.objectRef<ConsignmentShape>('Consignment').implement({
  description: 'Items shipping to one address, with the shipping options for them.',
  fields: (t) => ({
    entityId: t.string({
      description: 'BigCommerce consignment id.',
      resolve: ({ consignment }) => consignment.id,
    }),
    address: t.field({
      type: CheckoutAddressRef,
      description: 'Where the items ship.',
      resolve: ({ consignment }) => consignment.address ?? {},
    }),
    lineItemEntityIds: t.stringList({
      description: 'The cart line items of this consignment.',
      resolve: ({ consignment }) => consignment.line_item_ids,
    }),
    availableShippingOptions: t.field({
      type: [ShippingOptionRef],
      description: 'The ways these items can ship to this address.',
      complexity: { field: 0, multiplier: 3 },
      resolve: ({ consignment, currencyCode }) =>
        (consignment.available_shipping_options ?? []).map((option) => ({ option, currencyCode })),
    }),
    selectedShippingOption: t.field({
      type: ShippingOptionRef,
      nullable: true,
      description: 'The option chosen, once one is.',
      resolve: ({ consignment, currencyCode }) =>
        consignment.selected_shipping_option
          ? { option: consignment.selected_shipping_option, currencyCode }
          : null,
    }),
  }),
});

type CouponShape = { code: string; amount: number; currencyCode: string };
const CheckoutCouponRef = builder.objectRef<CouponShape>('CheckoutCoupon').implement({
  description: 'A coupon applied to the checkout.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'The coupon code.' }),
    discountedAmount: t.field({
      type: Money,
      description: 'How much it takes off.',
      resolve: (c) => money(c.amount, c.currencyCode),
    }),
  }),
});

const currencyOf = (checkout: BcCheckout) => checkout.cart.currency.code;

/** Where the hosted checkout starts; a signed-in owner arrives signed in (Customer Login API). */
async function checkoutUrlOf(checkout: BcCheckout, ctx: Context): Promise<string> {
  const urls = await ctx.carts.createRedirectUrls(checkout.id);
  if (!urls.checkout_url) throw new Error('BigCommerce answered no checkout_url');
  const { viewer } = ctx;
  if (
    viewer.kind !== 'customer' ||
    !ctx.loginLinks ||
    checkout.cart.customer_id !== viewer.customerId
  ) {
    return urls.checkout_url;
  }
  const target = new URL(urls.checkout_url);
  return ctx.loginLinks.linkFor(viewer.customerId, `${target.pathname}${target.search}`);
}

builder.node(CheckoutRef, {
  description: 'The checkout of a cart (same id): addresses, shipping, coupons, taxes and totals.',
  id: { resolve: (checkout) => checkout.id, parse: (id) => id },
  loadWithoutCache: (id, ctx) =>
    cartIdSchema.safeParse(id).success ? loadCheckoutForViewer(ctx, id) : null,
  fields: (t) => ({
    entityId: t.exposeString('id', { description: 'BigCommerce checkout id: the cart’s id.' }),
    cart: t.field({
      type: CartRef,
      description: 'The cart being checked out.',
      complexity: UPSTREAM_CALL,
      resolve: async (checkout, _args, ctx) => {
        const cart = await loadCartForViewer(ctx, checkout.id);
        if (!cart) throw new Error('The cart of a reachable checkout is missing');
        return cart;
      },
    }),
    billingAddress: t.field({
      type: CheckoutAddressRef,
      nullable: true,
      description: 'The billing address, once set.',
      resolve: (checkout) => (checkout.billing_address?.email ? checkout.billing_address : null),
    }),
    consignments: t.field({
      type: [ConsignmentRef],
      description: 'Shipping addresses with their items and options.',
      complexity: { field: 0, multiplier: 2 },
      resolve: (checkout) =>
        checkout.consignments.map((consignment) => ({
          consignment,
          currencyCode: currencyOf(checkout),
        })),
    }),
    coupons: t.field({
      type: [CheckoutCouponRef],
      description: 'Coupons applied.',
      complexity: { field: 0, multiplier: 2 },
      resolve: (checkout) =>
        checkout.coupons.map((c) => ({
          code: c.code,
          amount: c.discounted_amount ?? 0,
          currencyCode: currencyOf(checkout),
        })),
    }),
    subtotal: t.field({
      type: Money,
      description: 'The items before discounts, tax excluded.',
      resolve: (checkout) => money(checkout.subtotal_ex_tax, currencyOf(checkout)),
    }),
    shippingCost: t.field({
      type: Money,
      description: 'Shipping of every consignment, tax excluded.',
      resolve: (checkout) => money(checkout.shipping_cost_total_ex_tax, currencyOf(checkout)),
    }),
    taxTotal: t.field({
      type: Money,
      description: 'All taxes.',
      resolve: (checkout) => money(checkout.tax_total, currencyOf(checkout)),
    }),
    discountTotal: t.field({
      type: Money,
      description: 'Cart discounts and coupons together.',
      resolve: (checkout) =>
        sumMoney(
          [checkout.cart.discount_amount, ...checkout.coupons.map((c) => c.discounted_amount ?? 0)],
          currencyOf(checkout),
        ),
    }),
    grandTotal: t.field({
      type: Money,
      description: 'What the shopper pays: subtotal − discounts + shipping + tax.',
      resolve: (checkout) => money(checkout.grand_total, currencyOf(checkout)),
    }),
    checkoutUrl: t.string({
      description:
        'A single-use link to BigCommerce’s hosted checkout for this cart; a signed-in customer’s own cart links through the Customer Login API, so they arrive signed in.',
      complexity: UPSTREAM_CALL,
      resolve: (checkout, _args, ctx) => checkoutUrlOf(checkout, ctx),
    }),
  }),
});

builder.queryField('checkout', (t) =>
  t.field({
    type: CheckoutRef,
    nullable: true,
    description:
      'A checkout by its id (the cart’s UUID); null when there is none or it is not yours.',
    args: {
      id: t.arg.id({ required: true, description: 'Checkout (cart) id.', validate: cartIdSchema }),
    },
    complexity: UPSTREAM_CALL,
    resolve: (_root, args, ctx) => loadCheckoutForViewer(ctx, String(args.id)),
  }),
);
