import { randomUUID } from 'node:crypto';
import { SANDBOX_COUPONS } from '../../sandbox/carts/coupons.js';
import { DEMO_CUSTOMER_CREDENTIALS } from '../../sandbox/customers/seed.js';
import type { Sandbox } from '../../sandbox/server.js';
import { PURCHASE, PURCHASE_ADDRESS } from '../../scripts/purchase.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';

/**
 * The commerce half of the request contract's corpus: a whole purchase and every other commerce
 * operation, through the gateway, with every field of every commerce type selected at least once.
 * Returns the documents it ran, for the coverage check.
 */

export interface Answer {
  errors?: unknown[];
  // biome-ignore lint/suspicious/noExplicitAny: answers are read by path; a wrong path fails the flow.
  data?: Record<string, any> | null;
}

/** `token`: a session or key for `Authorization`, or null for an anonymous caller. */
export type Ask = (
  query: string,
  variables: Record<string, unknown>,
  token: string | null,
) => Promise<Answer>;

const MONEY = 'amount currencyCode';
const ADDRESS =
  'firstName lastName email company address1 address2 city stateOrProvince stateOrProvinceCode postalCode countryCode phone';
const CART_ALL = `id entityId customerEntityId currencyCode itemCount isTaxIncluded createdAt updatedAt
  baseAmount { ${MONEY} } discountAmount { ${MONEY} } cartAmount { ${MONEY} }
  lineItems { entityId productEntityId variantEntityId sku name quantity imageUrl isDigital
    listPrice { ${MONEY} } salePrice { ${MONEY} } extendedListPrice { ${MONEY} } extendedSalePrice { ${MONEY} }
    selectedOptions { optionEntityId valueEntityId name value }
    product { entityId name } variant { entityId sku } }
  checkout { entityId }`;
const CHECKOUT_ALL = `id entityId checkoutUrl cart { entityId itemCount }
  billingAddress { ${ADDRESS} }
  consignments { entityId lineItemEntityIds address { ${ADDRESS} }
    availableShippingOptions { entityId description type cost { ${MONEY} } }
    selectedShippingOption { entityId description type cost { ${MONEY} } } }
  coupons { code discountedAmount { ${MONEY} } }
  subtotal { ${MONEY} } shippingCost { ${MONEY} } taxTotal { ${MONEY} } discountTotal { ${MONEY} } grandTotal { ${MONEY} }`;
const ORDER_ADDRESS =
  'entityId firstName lastName company address1 address2 city stateOrProvince postalCode country countryCode phone email shippingMethod';
const ORDER_ALL = `id entityId status createdAt updatedAt customerEntityId currencyCode checkoutId
  subtotal { ${MONEY} } shippingCost { ${MONEY} } taxTotal { ${MONEY} } discountTotal { ${MONEY} } grandTotal { ${MONEY} }
  billingAddress { ${ORDER_ADDRESS} } shippingAddresses { ${ORDER_ADDRESS} }
  lineItems { entityId productEntityId variantEntityId name sku quantity unitPrice { ${MONEY} } total { ${MONEY} } product { entityId name } }
  shipments { entityId carrier trackingNumber trackingLink createdAt lineItems { orderLineItemEntityId productEntityId quantity } }`;
const CUSTOMER_ALL = `id entityId email firstName lastName company phone customerGroupEntityId
  customerGroup { entityId name }
  storedInstruments { token brand last4 expiryMonth expiryYear isDefault }
  storeCredit { ${MONEY} }
  addresses { entityId addressType }
  orders(first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${ORDER_ALL} } } }`;
const ERROR = '... on Error { __typename code message field }';
const ORDER_STATUSES = [
  'INCOMPLETE',
  'PENDING',
  'SHIPPED',
  'PARTIALLY_SHIPPED',
  'REFUNDED',
  'CANCELLED',
  'DECLINED',
  'AWAITING_PAYMENT',
  'AWAITING_PICKUP',
  'AWAITING_SHIPMENT',
  'COMPLETED',
  'AWAITING_FULFILLMENT',
  'MANUAL_VERIFICATION_REQUIRED',
  'DISPUTED',
  'PARTIALLY_REFUNDED',
];

const DOCS = {
  cartAll: `query CartAll($id: ID!) { cart(id: $id) { ${CART_ALL} } }`,
  checkoutAll: `query CheckoutAll($id: ID!) { checkout(id: $id) { ${CHECKOUT_ALL} } }`,
  orderAll: `query OrderAll($entityId: Int!) { order(entityId: $entityId) { ${ORDER_ALL} } }`,
  meAll: `query MeAll { me { ${CUSTOMER_ALL} } }`,
  customerById: `query CustomerById($entityId: Int) { customer(entityId: $entityId) { ${CUSTOMER_ALL} } }`,
  customerByEmail: `query CustomerByEmail($email: String) { customer(email: $email) { entityId email } }`,
  nodes: `query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id __typename
    ... on Cart { cartId: entityId } ... on Checkout { checkoutId: entityId }
    ... on Order { orderId: entityId } ... on Customer { customerId: entityId } } }`,
  updateLine: `mutation UpdateLine($input: UpdateCartLineItemInput!) { updateCartLineItem(input: $input) {
    __typename ... on UpdateCartLineItemPayload { cart { entityId itemCount } } ${ERROR} } }`,
  removeLine: `mutation RemoveLine($input: RemoveCartLineItemInput!) { removeCartLineItem(input: $input) {
    __typename ... on RemoveCartLineItemPayload { cart { entityId itemCount } } ${ERROR} } }`,
  deleteCart: `mutation DeleteCart($input: DeleteCartInput!) { deleteCart(input: $input) {
    __typename ... on DeleteCartPayload { deletedCartId } ${ERROR} } }`,
  removeCoupon: `mutation RemoveCoupon($input: RemoveCheckoutCouponInput!) { removeCheckoutCoupon(input: $input) {
    __typename ... on RemoveCheckoutCouponPayload { checkout { entityId coupons { code } } } ${ERROR} } }`,
  register: `mutation Register($input: RegisterCustomerInput!) { registerCustomer(input: $input) {
    __typename ... on CustomerSession { accessToken customer { entityId } } ${ERROR} } }`,
  updateCustomer: `mutation UpdateCustomer($input: UpdateCustomerInput!) { updateCustomer(input: $input) {
    __typename ... on UpdateCustomerPayload { customer { entityId firstName company phone } } ${ERROR} } }`,
  updateAddress: `mutation UpdateAddress($input: UpdateCustomerAddressInput!) { updateCustomerAddress(input: $input) {
    __typename ... on CustomerAddressPayload { address { entityId city } } ${ERROR} } }`,
  deleteAddress: `mutation DeleteAddress($input: DeleteCustomerAddressInput!) { deleteCustomerAddress(input: $input) {
    __typename ... on DeleteCustomerAddressPayload { deletedAddressEntityId } ${ERROR} } }`,
  paymentToken: `mutation PaymentToken($input: CreatePaymentAccessTokenInput!) { createPaymentAccessToken(input: $input) {
    __typename ... on CreatePaymentAccessTokenPayload { token paymentMethods { entityId name type isTestMode supportedInstrumentTypes } } ${ERROR} } }`,
  updateStatus: `mutation UpdateStatus($input: UpdateOrderStatusInput!) { updateOrderStatus(input: $input) {
    __typename ... on UpdateOrderStatusPayload { order { entityId status } } ${ERROR} } }`,
};

/** Runs the flows; a step that answers an error or an unexpected member is pushed to `failures`. */
export async function commerceFlows(
  ask: Ask,
  sandbox: Sandbox,
  internalKey: string,
  failures: unknown[],
): Promise<string[]> {
  const ran: string[] = [];
  const step = async (
    name: string,
    query: string,
    variables: Record<string, unknown>,
    token: string | null,
    expected?: string,
  ) => {
    ran.push(query);
    const answer = await ask(query, variables, token);
    const root = answer.data ? Object.values(answer.data)[0] : undefined;
    const typename = (root as { __typename?: string } | null | undefined)?.__typename;
    if (answer.errors || !answer.data || (expected && typename !== expected)) {
      failures.push({ step: name, answer });
    }
    return answer.data ?? {};
  };

  // A guest fills a cart, edits it, signs in with it, checks out, pays: every cart and checkout write.
  const product = (id: number) => {
    const variant = sandbox.store.variants
      .get(id)
      ?.find((v) => !v.purchasing_disabled && (v.inventory_level ?? 0) > 3);
    return variant ? { productEntityId: id, variantEntityId: variant.id } : undefined;
  };
  const buyable = sandbox.store.products.flatMap((p) => {
    const item = p.is_visible && p.availability !== 'disabled' ? product(p.id) : undefined;
    return item ? [item] : [];
  });
  const [first, second, third] = buyable;
  const created = await step(
    'createCart',
    PURCHASE.createCart,
    { input: { lineItems: [{ ...first, quantity: 1 }], idempotencyKey: randomUUID() } },
    null,
    'CreateCartPayload',
  );
  const cartId: string = created.createCart?.cart?.entityId ?? '';
  const added = await step(
    'addCartLineItems',
    PURCHASE.addItems,
    {
      input: {
        cartId,
        lineItems: [
          { ...second, quantity: 1 },
          { ...third, quantity: 1 },
        ],
      },
    },
    null,
    'AddCartLineItemsPayload',
  );
  const lines: { entityId: string }[] = added.addCartLineItems?.cart?.lineItems ?? [];
  await step(
    'updateCartLineItem',
    DOCS.updateLine,
    { input: { cartId, lineItemEntityId: lines[0]?.entityId, quantity: 2 } },
    null,
    'UpdateCartLineItemPayload',
  );
  await step(
    'removeCartLineItem',
    DOCS.removeLine,
    { input: { cartId, lineItemEntityId: lines[2]?.entityId } },
    null,
    'RemoveCartLineItemPayload',
  );
  const signedIn = await step(
    'login',
    PURCHASE.login,
    { input: { ...DEMO_CUSTOMER_CREDENTIALS, guestCartId: cartId } },
    null,
    'CustomerSession',
  );
  const token: string = signedIn.login?.accessToken ?? '';
  const checkoutId = cartId;
  await step('cart', DOCS.cartAll, { id: cartId }, token);
  await step(
    'billing',
    PURCHASE.billing,
    { input: { checkoutId, address: PURCHASE_ADDRESS } },
    token,
    'SetCheckoutBillingAddressPayload',
  );
  const shipped = await step(
    'shipping',
    PURCHASE.shipping,
    { input: { checkoutId, address: PURCHASE_ADDRESS } },
    token,
    'SetCheckoutShippingAddressPayload',
  );
  const consignment = shipped.setCheckoutShippingAddress?.checkout?.consignments?.[0];
  await step(
    'selectShipping',
    PURCHASE.selectShipping,
    {
      input: {
        checkoutId,
        consignmentEntityId: consignment?.entityId,
        shippingOptionEntityId: consignment?.availableShippingOptions?.[0]?.entityId,
      },
    },
    token,
    'SelectCheckoutShippingOptionPayload',
  );
  const coupon = { checkoutId, code: SANDBOX_COUPONS.fixedAmount.code };
  await step('coupon', PURCHASE.coupon, { input: coupon }, token, 'ApplyCheckoutCouponPayload');
  await step(
    'removeCoupon',
    DOCS.removeCoupon,
    { input: coupon },
    token,
    'RemoveCheckoutCouponPayload',
  );
  await step(
    'coupon again',
    PURCHASE.coupon,
    { input: { checkoutId, code: SANDBOX_COUPONS.percentage.code } },
    token,
    'ApplyCheckoutCouponPayload',
  );
  await step('checkout', DOCS.checkoutAll, { id: checkoutId }, token);
  const placed = await step(
    'placeOrder',
    PURCHASE.placeOrder,
    { input: { checkoutId, idempotencyKey: randomUUID() } },
    token,
    'PlaceOrderPayload',
  );
  const orderId: number = placed.placeOrder?.order?.entityId ?? 0;
  await step(
    'createPaymentAccessToken',
    DOCS.paymentToken,
    { input: { orderEntityId: orderId } },
    token,
    'CreatePaymentAccessTokenPayload',
  );
  const cards = await step('savedCards', PURCHASE.savedCards, {}, token);
  await step(
    'payOrder',
    PURCHASE.payOrder,
    {
      input: {
        orderEntityId: orderId,
        storedInstrumentToken: cards.me?.storedInstruments?.[0]?.token,
        idempotencyKey: randomUUID(),
      },
    },
    token,
    'PayOrderPayload',
  );
  await step(
    'createShipment',
    PURCHASE.createShipment,
    {
      input: {
        orderEntityId: orderId,
        trackingNumber: '1Z999AA10123456784',
        carrier: 'ups',
        items: (placed.placeOrder?.order?.lineItems ?? []).map(
          (item: { entityId: number; quantity: number }) => ({
            orderLineItemEntityId: item.entityId,
            quantity: item.quantity,
          }),
        ),
      },
    },
    internalKey,
    'CreateShipmentPayload',
  );
  await step(
    'updateOrderStatus',
    DOCS.updateStatus,
    { input: { orderEntityId: orderId, status: 'COMPLETED' } },
    internalKey,
    'UpdateOrderStatusPayload',
  );
  await step('order', DOCS.orderAll, { entityId: orderId }, token);
  await step('me', DOCS.meAll, {}, token);
  for (const status of ORDER_STATUSES) {
    const query = `{ me { orders(first: 2, filter: { status: ${status} }) { totalCount edges { node { entityId status } } } } }`;
    await step(`orders ${status}`, query, {}, token);
  }
  await step('customer by id', DOCS.customerById, { entityId: 1 }, internalKey);
  await step(
    'customer by email',
    DOCS.customerByEmail,
    { email: DEMO_CUSTOMER_CREDENTIALS.email },
    internalKey,
  );
  await step(
    'nodes',
    DOCS.nodes,
    {
      ids: [
        encodeGlobalId('Order', orderId),
        encodeGlobalId('Customer', 1),
        encodeGlobalId('Cart', cartId),
        encodeGlobalId('Checkout', cartId),
      ],
    },
    internalKey,
  );

  // A guest's throwaway cart, deleted.
  const spare = await step(
    'spare cart',
    PURCHASE.createCart,
    { input: { lineItems: [{ ...first, quantity: 1 }] } },
    null,
    'CreateCartPayload',
  );
  await step(
    'deleteCart',
    DOCS.deleteCart,
    { input: { cartId: spare.createCart?.cart?.entityId } },
    null,
    'DeleteCartPayload',
  );

  // A new customer: register, edit, keep an address book.
  const email = `contract-${randomUUID().slice(0, 8)}@example.com`;
  const registered = await step(
    'registerCustomer',
    DOCS.register,
    {
      input: {
        email,
        password: 'Contract-pass-1',
        firstName: 'Casey',
        lastName: 'Contract',
        company: 'Spec Co',
        phone: '555 0101',
      },
    },
    null,
    'CustomerSession',
  );
  const newcomer: string = registered.registerCustomer?.accessToken ?? '';
  await step(
    'updateCustomer',
    DOCS.updateCustomer,
    { input: { firstName: 'Cass', lastName: 'Contract', company: 'Spec Ltd', phone: '555 0102' } },
    newcomer,
    'UpdateCustomerPayload',
  );
  await step(
    'updateCustomer (key)',
    DOCS.updateCustomer,
    { input: { customerEntityId: 1, company: 'Demo Ltd' } },
    internalKey,
    'UpdateCustomerPayload',
  );
  // Address types as enum literals in the document (the coverage check reads literals, not variables).
  const literalAddAddress = (fields: Record<string, unknown>, addressType: string, owner = '') =>
    `mutation { addCustomerAddress(input: { ${owner} address: { ${Object.entries(fields)
      .filter(([name]) => name !== 'addressType')
      .map(([name, value]) => `${name}: ${JSON.stringify(value)}`)
      .join(', ')}, addressType: ${addressType} } }) {
      __typename ... on CustomerAddressPayload { address { entityId } customer { entityId } } ${ERROR} } }`;
  const address = (addressType: string, city: string) => ({
    firstName: 'Casey',
    lastName: 'Contract',
    company: 'Spec Co',
    address1: '2 Spec Road',
    address2: 'Suite 5',
    city,
    stateOrProvince: 'Texas',
    postalCode: '73301',
    countryCode: 'US',
    phone: '555 0103',
    addressType,
  });
  const home = await step(
    'addCustomerAddress',
    literalAddAddress(address('RESIDENTIAL', 'Austin'), 'RESIDENTIAL'),
    {},
    newcomer,
    'CustomerAddressPayload',
  );
  await step(
    'addCustomerAddress (key)',
    literalAddAddress(address('COMMERCIAL', 'Dallas'), 'COMMERCIAL', 'customerEntityId: 1,'),
    {},
    internalKey,
    'CustomerAddressPayload',
  );
  const addressEntityId: number = home.addCustomerAddress?.address?.entityId ?? 0;
  await step(
    'updateCustomerAddress',
    DOCS.updateAddress,
    { input: { addressEntityId, address: address('COMMERCIAL', 'Houston') } },
    newcomer,
    'CustomerAddressPayload',
  );
  await step(
    'deleteCustomerAddress',
    DOCS.deleteAddress,
    { input: { addressEntityId } },
    newcomer,
    'DeleteCustomerAddressPayload',
  );

  // Back office (W-webhook-admin): webhooks and their admin view, customer groups.
  const hook = sandbox.hooks.create({
    scope: 'store/app/uninstalled',
    destination: 'https://hooks.example.com/contract',
    is_active: false,
  });
  await step(
    'webhooks',
    '{ webhooks { entityId scope destination isActive createdAt updatedAt } }',
    {},
    internalKey,
  );
  await step(
    'webhookAdmin',
    '{ webhookAdmin { notificationEmails blockedDomains { destination secondsLeft reasons { description count at } } } }',
    {},
    internalKey,
  );
  for (const active of [true, false]) {
    await step(
      'setWebhookActive',
      `mutation { setWebhookActive(input: { hookEntityId: ${hook.id}, active: ${active} }) {
        __typename ... on SetWebhookActivePayload { webhook { entityId isActive } } ${ERROR} } }`,
      {},
      internalKey,
      'SetWebhookActivePayload',
    );
  }
  await step(
    'setWebhookNotificationEmails',
    `mutation { setWebhookNotificationEmails(input: { emails: ["ops@example.com"] }) {
      __typename ... on SetWebhookNotificationEmailsPayload { webhookAdmin { notificationEmails } } ${ERROR} } }`,
    {},
    internalKey,
    'SetWebhookNotificationEmailsPayload',
  );
  await step('customerGroups', '{ customerGroups { entityId name } }', {}, internalKey);
  await step(
    'updateCustomer (group)',
    `mutation { updateCustomer(input: { customerEntityId: 1, customerGroupEntityId: 2 }) {
      __typename ... on UpdateCustomerPayload { customer { entityId } } ${ERROR} } }`,
    {},
    internalKey,
    'UpdateCustomerPayload',
  );
  // Inventory (internal key, `inventory:write`): levels per location, then both adjustments. One
  // product per query: the spec types `product_id:in` as a single integer.
  const LEVEL_ALL = 'locationEntityId locationCode locationName available onHand';
  const byProduct = sandbox.store.products.find((p) => p.inventory_tracking === 'product');
  const byVariant = sandbox.store.products.find((p) => p.inventory_tracking === 'variant');
  const tracked = byVariant && sandbox.store.variants.get(byVariant.id)?.[0];
  if (byProduct) {
    await step(
      'inventoryLevels (product)',
      `query($id: Int!) { product(entityId: $id) { entityId inventoryLevels { ${LEVEL_ALL} } } }`,
      { id: byProduct.id },
      internalKey,
    );
  }
  if (byVariant && tracked) {
    await step(
      'inventoryLevels (variant)',
      `query($id: Int!) { product(entityId: $id) { variants { entityId inventoryLevels { ${LEVEL_ALL} } } } }`,
      { id: byVariant.id },
      internalKey,
    );
    await step(
      'adjustInventory',
      `mutation($input: AdjustInventoryInput!) { adjustInventory(input: $input) {
        __typename ... on AdjustInventoryPayload { items { productEntityId variantEntityId locationEntityId
          level { ${LEVEL_ALL} } } } ${ERROR} } }`,
      {
        input: {
          reason: 'contract',
          items: [
            { productEntityId: byVariant.id, variantEntityId: tracked.id, quantity: 5 },
            {
              productEntityId: byVariant.id,
              variantEntityId: tracked.id,
              locationEntityId: 2,
              delta: 1,
            },
          ],
        },
      },
      internalKey,
      'AdjustInventoryPayload',
    );
  }
  // Promotions (internal key, `promotions:write`): a coupon promotion, a code, the listing with
  // every field, an update and a delete.
  const PROMOTION_ALL = `entityId name redemption active discount { percentage amount } startsAt endsAt
    currentUses codes { entityId code currentUses maxUses createdAt }`;
  const promoted = await step(
    'createPromotion',
    `mutation($input: CreatePromotionInput!) { createPromotion(input: $input) {
      __typename ... on CreatePromotionPayload { promotion { ${PROMOTION_ALL} } } ${ERROR} } }`,
    {
      input: {
        name: 'Contract 10',
        discount: { percentage: '10' },
        startsAt: '2026-01-01T00:00:00Z',
        endsAt: '2099-01-01T00:00:00Z',
        active: true,
        idempotencyKey: randomUUID(),
      },
    },
    internalKey,
    'CreatePromotionPayload',
  );
  const promotionEntityId = promoted.createPromotion?.promotion?.entityId;
  await step(
    'createPromotionCode',
    `mutation($input: CreatePromotionCodeInput!) { createPromotionCode(input: $input) {
      __typename ... on CreatePromotionCodePayload { promotionCode { entityId code } promotion { entityId } } ${ERROR} } }`,
    { input: { promotionEntityId, code: `CONTRACT-${randomUUID().slice(0, 8)}`, maxUses: 10 } },
    internalKey,
    'CreatePromotionCodePayload',
  );
  await step(
    'promotions',
    `query { promotions(first: 5) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { ${PROMOTION_ALL} } } } }`,
    {},
    internalKey,
  );
  await step(
    'updatePromotion',
    `mutation($input: UpdatePromotionInput!) { updatePromotion(input: $input) {
      __typename ... on UpdatePromotionPayload { promotion { entityId } } ${ERROR} } }`,
    {
      input: {
        promotionEntityId,
        name: 'Contract 5 off',
        discount: { amount: '5.00' },
        startsAt: '2026-01-02T00:00:00Z',
        endsAt: '2098-01-01T00:00:00Z',
        active: false,
      },
    },
    internalKey,
    'UpdatePromotionPayload',
  );
  await step(
    'deletePromotion',
    `mutation($input: DeletePromotionInput!) { deletePromotion(input: $input) {
      __typename ... on DeletePromotionPayload { deletedPromotionEntityId } ${ERROR} } }`,
    { input: { promotionEntityId } },
    internalKey,
    'DeletePromotionPayload',
  );
  // Back office: a product of each type (enum literals, for the coverage check).
  for (const type of ['PHYSICAL', 'DIGITAL']) {
    const suffix = randomUUID().slice(0, 8);
    await step(
      `createProduct ${type}`,
      `mutation { createProduct(input: { name: "Contract ${type} ${suffix}", sku: "C-${suffix}", type: ${type}, price: "9.99", weight: 1 }) {
        __typename ... on CreateProductPayload { product { entityId } } ${ERROR} } }`,
      {},
      internalKey,
      'CreateProductPayload',
    );
  }
  return ran;
}
