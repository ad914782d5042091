import { fromCents, percentOf } from '../carts/cents.js';
import type { CartRecord, CheckoutAddress } from '../carts/model.js';
import {
  type PricedConsignment,
  priceCart,
  type ShippingOption,
  TAX_NAME,
  TAX_RATE_PERCENT,
} from '../carts/pricing.js';
import { isoTime, toLineItemsView } from '../carts/view.js';

/** `include=` values of checkouts.v3.yml that change the answer. */
export const AVAILABLE_OPTIONS = 'consignments.available_shipping_options';

const toOptionView = (o: ShippingOption) => ({
  id: o.id,
  type: o.type,
  description: o.description,
  image_url: '',
  cost: fromCents(o.costCents),
  transit_time: o.transitTime,
  additional_description: '',
});

/** The spec's `phone` has a pattern an empty string fails: an address without one omits it. */
function toAddressView(address: CheckoutAddress): Record<string, unknown> {
  const { phone, ...rest } = address;
  return phone === '' ? rest : { ...address };
}

function toConsignmentView(priced: PricedConsignment, withOptions: boolean) {
  const { consignment: c, selected } = priced;
  const view: Record<string, unknown> = {
    id: c.id,
    address: toAddressView(c.address),
    coupon_discounts: [],
    discounts: [],
    shipping_cost_inc_tax: fromCents(priced.shippingCents + priced.shippingTaxCents),
    shipping_cost_ex_tax: fromCents(priced.shippingCents),
    handling_cost_inc_tax: 0,
    handling_cost_ex_tax: 0,
    line_item_ids: c.lineItemIds,
  };
  if (withOptions) view.available_shipping_options = priced.options.map(toOptionView);
  if (selected) view.selected_shipping_option = toOptionView(selected);
  return view;
}

/** `Checkout` of checkouts.v3.yml: the cart with addresses, shipping, coupons, taxes and totals. */
export function toCheckoutView(cart: CartRecord, includes: Set<string>): Record<string, unknown> {
  const totals = priceCart(cart);
  const lineTax = totals.lines.reduce((sum, l) => sum + l.taxCents, 0);
  // Tax on the items before coupons, for `subtotal_inc_tax` only.
  const subtotalTax = totals.lines.reduce(
    (sum, l) => sum + percentOf(l.extendedListCents, TAX_RATE_PERCENT),
    0,
  );
  const shippingTax = totals.consignments.reduce((sum, c) => sum + c.shippingTaxCents, 0);
  const coupons = totals.coupons.map(({ coupon, cents }) => ({
    code: coupon.code,
    id: coupon.id,
    coupon_type: coupon.type,
    display_name: coupon.displayName,
    discounted_amount: fromCents(cents),
  }));
  const view: Record<string, unknown> = {
    id: cart.id,
    cart: {
      id: cart.id,
      customer_id: cart.customerId,
      email: cart.email,
      currency: { code: cart.currencyCode },
      tax_included: false,
      base_amount: fromCents(totals.baseCents),
      channel_id: cart.channelId,
      discount_amount: 0,
      cart_amount_inc_tax: fromCents(totals.cartAmountCents + lineTax),
      cart_amount_ex_tax: fromCents(totals.cartAmountCents),
      coupons,
      discounts:
        totals.couponCents > 0
          ? [{ id: 'coupon', discounted_amount: fromCents(totals.couponCents) }]
          : [],
      line_items: toLineItemsView(totals, includes, 'checkout'),
      created_time: isoTime(cart.createdMs),
      updated_time: isoTime(cart.updatedMs),
    },
    consignments: totals.consignments.map((c) =>
      toConsignmentView(c, includes.has(AVAILABLE_OPTIONS)),
    ),
    taxes: [{ name: TAX_NAME, amount: fromCents(totals.taxCents) }],
    coupons,
    fees: [],
    order_id: null,
    shipping_cost_total_inc_tax: fromCents(totals.shippingCents + shippingTax),
    shipping_cost_total_ex_tax: fromCents(totals.shippingCents),
    handling_cost_total_inc_tax: 0,
    handling_cost_total_ex_tax: 0,
    tax_total: fromCents(totals.taxCents),
    subtotal_inc_tax: fromCents(totals.baseCents + subtotalTax),
    subtotal_ex_tax: fromCents(totals.baseCents),
    grand_total: fromCents(totals.grandTotalCents),
    created_time: isoTime(cart.createdMs),
    updated_time: isoTime(cart.updatedMs),
    customer_message: cart.customerMessage,
    version: cart.version,
  };
  if (cart.billingAddress) view.billing_address = toAddressView(cart.billingAddress);
  return view;
}
