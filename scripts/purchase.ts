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

export interface WalkthroughValues {
  /** Two catalog items to buy. */
  items: readonly [
    { productEntityId: number; variantEntityId: number },
    { productEntityId: number; variantEntityId: number },
  ];
  email: string;
  password: string;
  coupon: string;
}

/**
 * The purchase as steps to paste into GraphiQL: each operation with its variables. Values only
 * an earlier answer knows are written `<…>`, naming the field of that answer to copy.
 */
export function purchaseWalkthrough(v: WalkthroughValues): string {
  const steps: [title: string, document: string, variables?: unknown][] = [
    [
      '1. As a guest, create a cart (no Authorization header)',
      PURCHASE.createCart,
      {
        input: {
          lineItems: [{ ...v.items[0], quantity: 1 }],
          idempotencyKey: 'any-unique-string-1',
        },
      },
    ],
    [
      '2. Add a second item',
      PURCHASE.addItems,
      { input: { cartId: '<cart.entityId>', lineItems: [{ ...v.items[1], quantity: 2 }] } },
    ],
    [
      '3. Sign in, bringing the cart along; then send Authorization: Bearer <accessToken>',
      PURCHASE.login,
      { input: { email: v.email, password: v.password, guestCartId: '<cart.entityId>' } },
    ],
    [
      '4. Billing address (the checkout id is the cart id)',
      PURCHASE.billing,
      { input: { checkoutId: '<cart.entityId>', address: PURCHASE_ADDRESS } },
    ],
    [
      '5. Shipping address: the answer lists the shipping options',
      PURCHASE.shipping,
      { input: { checkoutId: '<cart.entityId>', address: PURCHASE_ADDRESS } },
    ],
    [
      '6. Choose a shipping option',
      PURCHASE.selectShipping,
      {
        input: {
          checkoutId: '<cart.entityId>',
          consignmentEntityId: '<consignments[0].entityId>',
          shippingOptionEntityId: '<consignments[0].availableShippingOptions[0].entityId>',
        },
      },
    ],
    [
      '7. Apply a coupon',
      PURCHASE.coupon,
      { input: { checkoutId: '<cart.entityId>', code: v.coupon } },
    ],
    [
      '8. Place the order (retrying with the same key never places a second one)',
      PURCHASE.placeOrder,
      { input: { checkoutId: '<cart.entityId>', idempotencyKey: 'any-unique-string-2' } },
    ],
    ['9. Your saved cards', PURCHASE.savedCards],
    [
      '10. Pay with a saved card',
      PURCHASE.payOrder,
      {
        input: {
          orderEntityId: '<order.entityId>',
          storedInstrumentToken: '<storedInstruments[0].token>',
          idempotencyKey: 'any-unique-string-3',
        },
      },
    ],
    ['11. Follow your orders', PURCHASE.myOrders],
  ];
  return steps
    .map(([title, document, variables]) =>
      [
        `  ${title}:`,
        `    ${document.replace(/\s+/g, ' ').trim()}`,
        ...(variables ? [`    variables: ${JSON.stringify(variables)}`] : []),
      ].join('\n'),
    )
    .join('\n\n');
}
