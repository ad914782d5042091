/**
 * Every scope a hook may subscribe to: the titles of `webhooks.v3.yml` (wildcards among them) and
 * the callbacks of BigCommerce's webhook event reference (`webhooks/_all.yml`), which the spec's
 * list lacks (metafields, price lists, inventory locations...). Anything else is refused with a 422.
 */
export const HOOK_SCOPES: ReadonlySet<string> = new Set(
  `
    store/app/uninstalled store/brand/metafield/created store/brand/metafield/deleted
    store/brand/metafield/updated store/cart/* store/cart/abandoned store/cart/converted
    store/cart/couponApplied store/cart/created store/cart/deleted store/cart/lineItem/*
    store/cart/lineItem/created store/cart/lineItem/deleted store/cart/lineItem/updated
    store/cart/metafield/created store/cart/metafield/deleted store/cart/metafield/updated
    store/cart/updated store/category/* store/category/created store/category/deleted
    store/category/metafield/created store/category/metafield/deleted store/category/metafield/updated
    store/category/updated store/channel/* store/channel/created store/channel/metafield/created
    store/channel/metafield/deleted store/channel/metafield/updated store/channel/updated
    store/customer/* store/customer/address/created store/customer/address/deleted store/customer/address/updated
    store/customer/channel/login/access/updated store/customer/created store/customer/deleted
    store/customer/payment/instrument/default/updated store/customer/updated store/information/updated
    store/inventory/location/created store/inventory/location/metafield/created store/inventory/location/metafield/deleted
    store/inventory/location/metafield/updated store/inventory/location/updated store/metafield/created
    store/metafield/deleted store/metafield/updated store/modifier/updated store/option/updated
    store/order/* store/order/archived store/order/created store/order/message/created
    store/order/metafield/created store/order/metafield/deleted store/order/metafield/updated
    store/order/refund/created store/order/statusUpdated store/order/transaction/created
    store/order/updated store/priceList/activated store/priceList/assignment/updated store/priceList/created
    store/priceList/deactivated store/priceList/record/created store/priceList/record/deleted
    store/priceList/record/updated store/priceList/records/created store/priceList/records/deleted
    store/priceList/records/updated store/product/* store/product/created store/product/deleted
    store/product/inventory/order/updated store/product/inventory/updated store/product/metafield/created
    store/product/metafield/deleted store/product/metafield/updated store/product/updated
    store/product/variant/metafield/created store/product/variant/metafield/deleted store/product/variant/metafield/updated
    store/redirects/updated store/shipment/* store/shipment/created store/shipment/deleted
    store/shipment/updated store/sku/* store/sku/created store/sku/deleted store/sku/inventory/order/updated
    store/sku/inventory/updated store/sku/updated store/store/metafield/created store/store/metafield/deleted
    store/store/metafield/updated store/subscriber/* store/subscriber/created store/subscriber/deleted
    store/subscriber/updated
  `
    .trim()
    .split(/\s+/),
);

/**
 * Whether a hook registered for `hookScope` receives an event of `eventScope`: the same scope, or
 * a wildcard (`store/cart/*`) over every scope beneath it (`store/cart/lineItem/created` too, as
 * the spec's `store/cart/*` lists `store/cart/lineItem`).
 */
export function scopeMatches(hookScope: string, eventScope: string): boolean {
  if (hookScope === eventScope) return true;
  return hookScope.endsWith('/*') && eventScope.startsWith(hookScope.slice(0, -1));
}
