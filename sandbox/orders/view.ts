import {
  ORDER_STATUSES,
  type OrderLine,
  type OrderShipment,
  type OrderShippingAddress,
  type SandboxOrder,
  v2Amount,
  v2Date,
} from './model.js';

/** The sandbox's own API origin is unknown here: v2 resource links are written store-relative. */
const resource = (order: SandboxOrder, name: string) => ({
  url: `/v2/orders/${order.id}/${name}`,
  resource: `/orders/${order.id}/${name}`,
});

const itemCount = (lines: readonly OrderLine[], pick: (l: OrderLine) => number) =>
  lines.reduce((sum, line) => sum + pick(line), 0);

/** `order_Resp`, as v2 writes it: decimal strings, RFC 2822 dates, `status_id` with its name. */
export function toOrderView(order: SandboxOrder): Record<string, unknown> {
  const goodsIncTax = itemCount(order.lines, (l) => l.totalIncTaxCents);
  const goodsExTax = itemCount(order.lines, (l) => l.totalExTaxCents);
  const subtotalTax = goodsIncTax - goodsExTax;
  const shippingTax = order.shippingCostIncTaxCents - order.shippingCostExTaxCents;
  const zero = v2Amount(0);
  return {
    id: order.id,
    customer_id: order.customerId,
    date_created: v2Date(order.createdMs),
    date_modified: v2Date(order.modifiedMs),
    date_shipped: order.shippedMs === null ? '' : v2Date(order.shippedMs),
    status_id: order.statusId,
    status: ORDER_STATUSES[order.statusId] ?? 'Unknown',
    cart_id: order.cartId,
    subtotal_ex_tax: v2Amount(order.subtotalExTaxCents),
    subtotal_inc_tax: v2Amount(order.subtotalExTaxCents + subtotalTax),
    subtotal_tax: v2Amount(subtotalTax),
    base_shipping_cost: v2Amount(order.shippingCostExTaxCents),
    shipping_cost_ex_tax: v2Amount(order.shippingCostExTaxCents),
    shipping_cost_inc_tax: v2Amount(order.shippingCostIncTaxCents),
    shipping_cost_tax: v2Amount(shippingTax),
    shipping_cost_tax_class_id: 2,
    base_handling_cost: zero,
    handling_cost_ex_tax: zero,
    handling_cost_inc_tax: zero,
    handling_cost_tax: zero,
    handling_cost_tax_class_id: 2,
    base_wrapping_cost: zero,
    wrapping_cost_ex_tax: zero,
    wrapping_cost_inc_tax: zero,
    wrapping_cost_tax: zero,
    wrapping_cost_tax_class_id: 3,
    total_ex_tax: v2Amount(order.grandTotalCents - order.taxCents),
    total_inc_tax: v2Amount(order.grandTotalCents),
    total_tax: v2Amount(order.taxCents),
    items_total: itemCount(order.lines, (l) => l.quantity),
    items_shipped: itemCount(order.lines, (l) => l.quantityShipped),
    payment_method: order.payment ? 'Credit Card' : '',
    payment_provider_id: order.payment?.transactionId ?? '',
    payment_status: order.payment ? 'captured' : '',
    refunded_amount: zero,
    order_is_digital: false,
    store_credit_amount: zero,
    gift_certificate_amount: zero,
    ip_address: '',
    ip_address_v6: '',
    geoip_country: '',
    geoip_country_iso2: '',
    currency_id: 1,
    currency_code: order.currencyCode,
    currency_exchange_rate: '1.0000000000',
    default_currency_id: 1,
    default_currency_code: order.currencyCode,
    store_default_currency_code: order.currencyCode,
    store_default_to_transactional_exchange_rate: '1.0000000000',
    staff_notes: '',
    customer_message: '',
    discount_amount: zero,
    coupon_discount: v2Amount(order.discountCents),
    shipping_address_count: order.shippingAddresses.length,
    is_deleted: false,
    ebay_order_id: '0',
    is_email_opt_in: false,
    credit_card_type: null,
    order_source: 'www',
    channel_id: order.channelId,
    external_source: null,
    external_id: null,
    external_merchant_id: null,
    tax_provider_id: 'BasicTaxProvider',
    customer_locale: 'en',
    external_order_id: '',
    is_tax_inclusive_pricing: false,
    billing_address: { ...order.billingAddress, form_fields: [] },
    products: resource(order, 'products'),
    shipping_addresses: resource(order, 'shipping_addresses'),
    coupons: resource(order, 'coupons'),
  };
}

/** `orderProducts`: one line, with its per-unit and line amounts. */
export function toOrderProductView(order: SandboxOrder, line: OrderLine): Record<string, unknown> {
  // Integer cents: the line's tax spread per unit, rounded down.
  const unitTax = Math.floor(
    (line.totalIncTaxCents - line.totalExTaxCents) / Math.max(line.quantity, 1),
  );
  return {
    id: line.id,
    order_id: order.id,
    product_id: line.productId,
    variant_id: line.variantId,
    order_address_id: line.orderAddressId,
    order_pickup_method_id: 0,
    name: line.name,
    name_customer: line.name,
    name_merchant: line.name,
    sku: line.sku,
    upc: '',
    type: 'physical',
    base_price: v2Amount(line.unitPriceExTaxCents),
    price_ex_tax: v2Amount(line.unitPriceExTaxCents),
    price_inc_tax: v2Amount(line.unitPriceExTaxCents + unitTax),
    price_tax: v2Amount(unitTax),
    base_total: v2Amount(line.unitPriceExTaxCents * line.quantity),
    total_ex_tax: v2Amount(line.totalExTaxCents),
    total_inc_tax: v2Amount(line.totalIncTaxCents),
    total_tax: v2Amount(line.totalIncTaxCents - line.totalExTaxCents),
    discounted_total_inc_tax: v2Amount(line.totalIncTaxCents),
    quantity: line.quantity,
    quantity_shipped: line.quantityShipped,
    quantity_refunded: 0,
    is_refunded: false,
    refund_amount: v2Amount(0),
    return_id: 0,
    wrapping_id: 0,
    wrapping_name: null,
    wrapping_message: '',
    is_bundled_product: false,
    parent_order_product_id: null,
    event_name: null,
    event_date: null,
    fixed_shipping_cost: v2Amount(0),
    ebay_item_id: '',
    ebay_transaction_id: '',
    option_set_id: null,
    bin_picking_number: '',
    external_id: null,
    brand: '',
    gift_certificate_id: null,
    applied_discounts: [],
    product_options: line.options.map((option, i) => ({
      id: line.id * 100 + i,
      option_id: i + 1,
      order_product_id: line.id,
      product_option_id: i + 1,
      display_name: option.name,
      display_value: option.value,
      value: option.value,
      type: 'Multiple choice',
      name: option.name,
      display_style: 'Dropdown',
    })),
    configurable_fields: [],
  };
}

/** `orderShippingAddress`. */
export function toShippingAddressView(
  order: SandboxOrder,
  address: OrderShippingAddress,
): Record<string, unknown> {
  const lines = order.lines.filter((l) => l.orderAddressId === address.id);
  return {
    id: address.id,
    order_id: order.id,
    ...address.address,
    items_total: itemCount(lines, (l) => l.quantity),
    items_shipped: itemCount(lines, (l) => l.quantityShipped),
    shipping_method: address.shippingMethod,
    base_cost: v2Amount(address.costExTaxCents),
    cost_ex_tax: v2Amount(address.costExTaxCents),
    cost_inc_tax: v2Amount(address.costIncTaxCents),
    cost_tax: v2Amount(address.costIncTaxCents - address.costExTaxCents),
    cost_tax_class_id: 2,
    base_handling_cost: v2Amount(0),
    handling_cost_ex_tax: v2Amount(0),
    handling_cost_inc_tax: v2Amount(0),
    handling_cost_tax: v2Amount(0),
    handling_cost_tax_class_id: 2,
    shipping_zone_id: 1,
    shipping_zone_name: 'United States',
    form_fields: [],
    shipping_quotes: {
      url: `/v2/orders/${order.id}/shipping_addresses/${address.id}/shipping_quotes`,
      resource: `/orders/${order.id}/shipping_addresses/${address.id}/shipping_quotes`,
    },
  };
}

/** `orderShipment`, with the billing and shipping addresses BigCommerce copies into it. */
export function toShipmentView(
  order: SandboxOrder,
  shipment: OrderShipment,
): Record<string, unknown> {
  const address = order.shippingAddresses.find((a) => a.id === shipment.orderAddressId);
  return {
    id: shipment.id,
    order_id: order.id,
    customer_id: order.customerId,
    order_address_id: shipment.orderAddressId,
    date_created: v2Date(shipment.createdMs),
    tracking_number: shipment.trackingNumber,
    merchant_shipping_cost: v2Amount(0),
    shipping_method: shipment.shippingMethod,
    shipping_provider: shipment.shippingProvider,
    shipping_provider_display_name: shipment.shippingProvider.toUpperCase(),
    tracking_carrier: shipment.trackingCarrier,
    tracking_link: shipment.trackingLink,
    generated_tracking_link: '',
    comments: shipment.comments,
    billing_address: { ...order.billingAddress },
    shipping_address: address ? { ...address.address } : {},
    items: shipment.items.map((item) => ({
      order_product_id: item.orderProductId,
      product_id: item.productId,
      quantity: item.quantity,
    })),
  };
}
