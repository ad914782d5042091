/**
 * A whole purchase as a mobile app makes it, one operation per step. `npm run demo` prints these
 * documents for GraphiQL, and the end-to-end test runs exactly them, so what the demo shows works.
 */

const MONEY = 'amount currencyCode';
const ERROR = '... on Error { __typename code message field }';

const CART = /* GraphQL */ `
  entityId customerEntityId itemCount
  baseAmount { ${MONEY} } discountAmount { ${MONEY} } cartAmount { ${MONEY} }
  lineItems { entityId productEntityId variantEntityId name sku quantity
    salePrice { ${MONEY} } extendedSalePrice { ${MONEY} } product { name } }
`;

const CHECKOUT = /* GraphQL */ `
  entityId
  subtotal { ${MONEY} } discountTotal { ${MONEY} } shippingCost { ${MONEY} }
  taxTotal { ${MONEY} } grandTotal { ${MONEY} }
  billingAddress { firstName lastName city countryCode }
  coupons { code discountedAmount { ${MONEY} } }
  consignments {
    entityId lineItemEntityIds
    availableShippingOptions { entityId description cost { ${MONEY} } }
    selectedShippingOption { entityId description cost { ${MONEY} } }
  }
`;

const ORDER = /* GraphQL */ `
  entityId status checkoutId customerEntityId
  subtotal { ${MONEY} } discountTotal { ${MONEY} } shippingCost { ${MONEY} }
  taxTotal { ${MONEY} } grandTotal { ${MONEY} }
  lineItems { entityId productEntityId name quantity total { ${MONEY} } }
  shipments { carrier trackingNumber trackingLink }
`;

export const PURCHASE = {
  browse: /* GraphQL */ `query Browse {
  products(first: 2, filter: { inStock: true }) {
    edges { node { entityId name prices { price { ${MONEY} } } variants { entityId sku isPurchasable inventoryLevel } } }
  }
}`,
  createCart: /* GraphQL */ `mutation CreateCart($input: CreateCartInput!) {
  createCart(input: $input) { __typename ... on CreateCartPayload { cart { ${CART} } } ${ERROR} }
}`,
  addItems: /* GraphQL */ `mutation AddItems($input: AddCartLineItemsInput!) {
  addCartLineItems(input: $input) { __typename ... on AddCartLineItemsPayload { cart { ${CART} } } ${ERROR} }
}`,
  login: /* GraphQL */ `mutation SignIn($input: LoginInput!) {
  login(input: $input) { __typename ... on CustomerSession { accessToken refreshToken customer { entityId firstName } } ${ERROR} }
}`,
  cart: /* GraphQL */ `query Cart($id: ID!) { cart(id: $id) { ${CART} } }`,
  billing: /* GraphQL */ `mutation Billing($input: SetCheckoutBillingAddressInput!) {
  setCheckoutBillingAddress(input: $input) { __typename ... on SetCheckoutBillingAddressPayload { checkout { ${CHECKOUT} } } ${ERROR} }
}`,
  shipping: /* GraphQL */ `mutation Shipping($input: SetCheckoutShippingAddressInput!) {
  setCheckoutShippingAddress(input: $input) { __typename ... on SetCheckoutShippingAddressPayload { checkout { ${CHECKOUT} } } ${ERROR} }
}`,
  selectShipping: /* GraphQL */ `mutation SelectShipping($input: SelectCheckoutShippingOptionInput!) {
  selectCheckoutShippingOption(input: $input) { __typename ... on SelectCheckoutShippingOptionPayload { checkout { ${CHECKOUT} } } ${ERROR} }
}`,
  coupon: /* GraphQL */ `mutation Coupon($input: ApplyCheckoutCouponInput!) {
  applyCheckoutCoupon(input: $input) { __typename ... on ApplyCheckoutCouponPayload { checkout { ${CHECKOUT} } } ${ERROR} }
}`,
  checkout: /* GraphQL */ `query Checkout($id: ID!) { checkout(id: $id) { ${CHECKOUT} checkoutUrl } }`,
  placeOrder: /* GraphQL */ `mutation PlaceOrder($input: PlaceOrderInput!) {
  placeOrder(input: $input) { __typename ... on PlaceOrderPayload { order { ${ORDER} } } ${ERROR} }
}`,
  savedCards: /* GraphQL */ `query SavedCards { me { storedInstruments { token brand last4 isDefault } } }`,
  payOrder: /* GraphQL */ `mutation Pay($input: PayOrderInput!) {
  payOrder(input: $input) { __typename ... on PayOrderPayload { order { ${ORDER} } } ${ERROR} }
}`,
  myOrders: /* GraphQL */ `query MyOrders {
  me { orders(first: 5) { edges { node { ${ORDER} } } } }
}`,
  createShipment: /* GraphQL */ `mutation Ship($input: CreateShipmentInput!) {
  createShipment(input: $input) { __typename ... on CreateShipmentPayload { shipment { carrier trackingNumber trackingLink } } ${ERROR} }
}`,
  order: /* GraphQL */ `query Order($entityId: Int!) { order(entityId: $entityId) { ${ORDER} } }`,
} as const;

/** The address the purchase ships to and bills (the sandbox's checkout taxes US addresses). */
export const PURCHASE_ADDRESS = {
  firstName: 'Dana',
  lastName: 'Demo',
  email: 'demo@example.com',
  address1: '1 Market Street',
  city: 'San Francisco',
  stateOrProvince: 'California',
  stateOrProvinceCode: 'CA',
  postalCode: '94105',
  countryCode: 'US',
  phone: '555 0100',
} as const;
