import type { CartRecord, CheckoutAddress } from '../carts/model.js';
import { priceCart } from '../carts/pricing.js';
import { HttpError } from '../http.js';
import type { PlacedAddress, PlacedCheckout } from '../orders/placed-checkout.js';

/** What an order needs of an address (checkouts.v3.yml, "Add Consignment to Checkout"). */
const REQUIRED: readonly (keyof CheckoutAddress)[] = [
  'first_name',
  'last_name',
  'address1',
  'city',
  'country_code',
  'email',
];

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

function toPlacedAddress(a: CheckoutAddress): PlacedAddress {
  return {
    first_name: a.first_name,
    last_name: a.last_name,
    company: a.company,
    street_1: a.address1,
    street_2: a.address2,
    city: a.city,
    state: a.state_or_province,
    zip: a.postal_code,
    country: countryNames.of(a.country_code) ?? a.country_code,
    country_iso2: a.country_code,
    phone: a.phone,
    email: a.email,
  };
}

const missing = (a: CheckoutAddress) => REQUIRED.filter((field) => a[field] === '');

/**
 * The checkout priced for `POST /v3/checkouts/{id}/orders`, or a 422 naming what is missing: a
 * billing address with the fields an order needs, and every physical item in a consignment whose
 * shipping option is chosen.
 */
export function toPlacedCheckout(cart: CartRecord): PlacedCheckout {
  const errors: Record<string, string> = {};
  const billing = cart.billingAddress;
  if (!billing) errors.billing_address = 'A billing address is required.';
  else for (const field of missing(billing)) errors[`billing_address.${field}`] = 'is required';
  const totals = priceCart(cart);
  const shipped = new Set(cart.consignments.flatMap((c) => c.lineItemIds));
  if (cart.lines.some((l) => !l.isDigital && !shipped.has(l.id))) {
    errors.consignments = 'Every physical item needs a shipping address.';
  }
  totals.consignments.forEach((c, i) => {
    if (!c.selected)
      errors[`consignments.${i}.selected_shipping_option`] = 'Choose a shipping option.';
    for (const field of missing(c.consignment.address))
      errors[`consignments.${i}.address.${field}`] = 'is required';
  });
  if (!billing || Object.keys(errors).length > 0) {
    throw new HttpError(422, 'The checkout is not complete.', errors);
  }
  return {
    cartId: cart.id,
    customerId: cart.customerId,
    channelId: cart.channelId,
    currencyCode: cart.currencyCode,
    billingAddress: toPlacedAddress(billing),
    lineItems: totals.lines.map((l) => ({
      lineItemId: l.line.id,
      productId: l.line.productId,
      variantId: l.line.variantId,
      sku: l.line.sku,
      name: l.line.name,
      quantity: l.line.quantity,
      unitPriceExTaxCents: l.line.listPriceCents,
      totalExTaxCents: l.netCents,
      totalIncTaxCents: l.netCents + l.taxCents,
      options: l.line.options.map((o) => ({ name: o.name, value: o.value })),
    })),
    consignments: totals.consignments.map((c) => ({
      address: toPlacedAddress(c.consignment.address),
      lineItemIds: [...c.consignment.lineItemIds],
      shippingMethod: c.selected?.description ?? '',
      shippingCostExTaxCents: c.shippingCents,
      shippingCostIncTaxCents: c.shippingCents + c.shippingTaxCents,
    })),
    coupons: totals.coupons.map(({ coupon, cents }) => ({
      code: coupon.code,
      discountCents: cents,
    })),
    subtotalExTaxCents: totals.baseCents,
    discountCents: totals.couponCents,
    shippingCostExTaxCents: totals.shippingCents,
    taxCents: totals.taxCents,
    grandTotalCents: totals.grandTotalCents,
  };
}
