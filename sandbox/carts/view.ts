import { fromCents } from './cents.js';
import { couponTypeNumber } from './coupons.js';
import type { CartRecord } from './model.js';
import { type CartTotals, type PricedLine, priceCart } from './pricing.js';

/** `include=` values a cart answer honours (the enum of carts.v3.yml). */
export type CartInclude =
  | 'redirect_urls'
  | 'line_items.physical_items.options'
  | 'line_items.digital_items.options';

export function parseCartIncludes(query: URLSearchParams): Set<string> {
  return new Set(
    (query.get('include') ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  );
}

export const isoTime = (ms: number): string => new Date(ms).toISOString();

/** One line as `Cart_Full.line_items.physical_items[]` (or `digital_items[]`) writes it. */
function toItemView(priced: PricedLine, withOptions: boolean, flavour: 'cart' | 'checkout') {
  const { line } = priced;
  const couponAmount = fromCents(priced.couponCents);
  const item: Record<string, unknown> = {
    id: line.id,
    variant_id: line.variantId,
    product_id: line.productId,
    sku: line.sku,
    name: line.name,
    url: line.url,
    quantity: line.quantity,
    [flavour === 'cart' ? 'taxable' : 'is_taxable']: true,
    image_url: line.imageUrl,
    discounts: priced.couponCents > 0 ? [{ id: 'coupon', discounted_amount: couponAmount }] : [],
    coupons: [],
    discount_amount: couponAmount,
    coupon_amount: couponAmount,
    original_price: fromCents(line.originalPriceCents),
    list_price: fromCents(line.listPriceCents),
    sale_price: fromCents(line.listPriceCents),
    extended_list_price: fromCents(priced.extendedListCents),
    extended_sale_price: fromCents(priced.extendedListCents),
    is_require_shipping: !line.isDigital,
    is_mutable: true,
    added_by_promotion: false,
  };
  // The checkout's item schema types `parent_id` as a nullable number; the cart's as a string.
  if (flavour === 'checkout') item.parent_id = null;
  if (line.imageUrl === '') delete item.image_url;
  if (withOptions) item.options = line.options;
  return item;
}

/** `line_items` with physical and digital items apart; options only when included. */
export function toLineItemsView(
  totals: CartTotals,
  includes: Set<string>,
  flavour: 'cart' | 'checkout',
) {
  const prefix = flavour === 'cart' ? '' : 'cart.';
  const physical = includes.has(`${prefix}line_items.physical_items.options`);
  const digital = includes.has(`${prefix}line_items.digital_items.options`);
  return {
    physical_items: totals.lines
      .filter((l) => !l.line.isDigital)
      .map((l) => toItemView(l, physical, flavour)),
    digital_items: totals.lines
      .filter((l) => l.line.isDigital)
      .map((l) => toItemView(l, digital, flavour)),
    gift_certificates: [],
    custom_items: [],
  };
}

/** `Cart_Full`. Amounts exclude tax (`tax_included: false`); coupons are cart-level discounts. */
export function toCartView(
  cart: CartRecord,
  includes: Set<string>,
  redirectUrls?: Record<string, string>,
): Record<string, unknown> {
  const totals = priceCart(cart);
  const view: Record<string, unknown> = {
    id: cart.id,
    customer_id: cart.customerId,
    channel_id: cart.channelId,
    email: cart.email,
    currency: { code: cart.currencyCode },
    tax_included: false,
    base_amount: fromCents(totals.baseCents),
    discount_amount: 0,
    manual_discount_amount: 0,
    cart_amount: fromCents(totals.cartAmountCents),
    coupons: totals.coupons.map(({ coupon, cents }) => ({
      code: coupon.code,
      id: String(coupon.id),
      coupon_type: couponTypeNumber(coupon),
      discounted_amount: fromCents(cents),
      display_name: coupon.displayName,
    })),
    discounts:
      totals.couponCents > 0
        ? [{ id: 'coupon', discounted_amount: fromCents(totals.couponCents) }]
        : [],
    line_items: toLineItemsView(totals, includes, 'cart'),
    created_time: isoTime(cart.createdMs),
    updated_time: isoTime(cart.updatedMs),
    locale: cart.locale,
    version: cart.version,
  };
  if (redirectUrls) view.redirect_urls = redirectUrls;
  return view;
}
