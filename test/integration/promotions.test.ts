import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PURCHASE, PURCHASE_ADDRESS } from '../../scripts/purchase.js';
import { decimalFromNumber } from '../../src/money/decimal.js';
import { captureLogger } from '../helpers/log-capture.js';
import { type Stack, startStack } from '../helpers/stack.js';

const ERROR = '... on Error { __typename code message field }';
const PROMOTION =
  'entityId name redemption active discount { percentage amount } startsAt endsAt currentUses codes { entityId code currentUses maxUses createdAt }';
const CREATE = /* GraphQL */ `mutation Create($input: CreatePromotionInput!) {
  createPromotion(input: $input) { __typename ... on CreatePromotionPayload { promotion { ${PROMOTION} } } ${ERROR} }
}`;
const UPDATE = /* GraphQL */ `mutation Update($input: UpdatePromotionInput!) {
  updatePromotion(input: $input) { __typename ... on UpdatePromotionPayload { promotion { ${PROMOTION} } } ${ERROR} }
}`;
const DELETE = /* GraphQL */ `mutation Delete($input: DeletePromotionInput!) {
  deletePromotion(input: $input) { __typename ... on DeletePromotionPayload { deletedPromotionEntityId } ${ERROR} }
}`;
const CREATE_CODE = /* GraphQL */ `mutation Code($input: CreatePromotionCodeInput!) {
  createPromotionCode(input: $input) { __typename ... on CreatePromotionCodePayload { promotionCode { entityId code maxUses } promotion { entityId } } ${ERROR} }
}`;
const LIST = /* GraphQL */ `query List($after: String) {
  promotions(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${PROMOTION} } } }
}`;

// biome-ignore lint/suspicious/noExplicitAny: answers are read by path in assertions.
type Json = Record<string, any>;
const logs = captureLogger('trace');
let stack: Stack;
const keys = { internal: '', partner: '' };

beforeAll(async () => {
  stack = await startStack({
    sandbox: { products: 5 },
    logger: logs.logger,
    env: { RESPONSE_CACHE_TTL_S: '0', LOG_LEVEL: 'trace' },
  });
  keys.internal = (await stack.app.keys.create({ name: 'ops', role: 'internal', scopes: [] })).key;
  keys.partner = (
    await stack.app.keys.create({ name: 'shop-partner', role: 'partner', scopes: ['catalog:read'] })
  ).key;
});
afterAll(() => stack?.close());
beforeEach(() => {
  stack.sandbox.counters.reset();
  logs.lines.length = 0;
});

async function gql(query: string, variables?: Record<string, unknown>, key?: string) {
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  return (await stack.query<Json>(query, variables, headers)).body;
}
const ops = async (query: string, variables?: Record<string, unknown>) => {
  const body = await gql(query, variables, keys.internal);
  if (body.errors)
    console.log(
      JSON.stringify(logs.lines.filter((l) => JSON.stringify(l).includes('rror')).slice(-3)),
    );
  expect(body.errors).toBeUndefined();
  return body.data as Json;
};

async function upstreamCheckout(id: string): Promise<Json> {
  const { sandbox } = stack;
  const res = await fetch(`${sandbox.url}/stores/${sandbox.storeHash}/v3/checkouts/${id}`, {
    headers: { 'x-auth-token': sandbox.accessToken, accept: 'application/json' },
  });
  return ((await res.json()) as { data: Json }).data;
}
const usd = (n: number) => decimalFromNumber(n, 2);

/** A guest's checkout through the purchase documents, up to applying `code`. */
async function guestCheckoutWith(code: string) {
  const product = stack.sandbox.store.products.find(
    (p) =>
      p.is_visible &&
      p.inventory_level > 5 &&
      (stack.sandbox.store.variants.get(p.id)?.length ?? 0) <= 1,
  );
  expect(product).toBeDefined();
  const { createCart } = (
    await gql(PURCHASE.createCart, {
      input: { lineItems: [{ productEntityId: product?.id, quantity: 2 }] },
    })
  ).data as Json;
  expect(createCart.__typename).toBe('CreateCartPayload');
  const checkoutId = createCart.cart.entityId;
  await gql(PURCHASE.billing, { input: { checkoutId, address: PURCHASE_ADDRESS } });
  await gql(PURCHASE.shipping, { input: { checkoutId, address: PURCHASE_ADDRESS } });
  const { applyCheckoutCoupon } = (await gql(PURCHASE.coupon, { input: { checkoutId, code } }))
    .data as Json;
  return { checkoutId, result: applyCheckoutCoupon };
}

describe('promotions through the graph', () => {
  it('an internal key creates a promotion and a code; a guest’s checkout takes the discount', async () => {
    const { createPromotion } = await ops(CREATE, {
      input: { name: 'Spring 15', discount: { percentage: '15' }, idempotencyKey: 'spring-15' },
    });
    expect(createPromotion.__typename).toBe('CreatePromotionPayload');
    const promotion = createPromotion.promotion;
    expect(promotion).toMatchObject({
      name: 'Spring 15',
      redemption: 'COUPON',
      active: true,
      discount: { percentage: '15', amount: null },
      codes: [],
    });
    // The same idempotency key gives the same promotion, not a second one.
    const again = await ops(CREATE, {
      input: { name: 'Spring 15', discount: { percentage: '15' }, idempotencyKey: 'spring-15' },
    });
    expect(again.createPromotion.promotion.entityId).toBe(promotion.entityId);
    expect(stack.sandbox.store.promotions.list()).toHaveLength(1);

    const { createPromotionCode } = await ops(CREATE_CODE, {
      input: { promotionEntityId: promotion.entityId, code: 'SPRING15', maxUses: 100 },
    });
    expect(createPromotionCode).toMatchObject({
      __typename: 'CreatePromotionCodePayload',
      promotionCode: { code: 'SPRING15', maxUses: 100 },
    });
    const audit = logs.lines.filter((l) => l.audit === true).map((l) => [l.operation, l.outcome]);
    expect(audit).toEqual(
      expect.arrayContaining([
        ['createPromotion', 'success'],
        ['createPromotionCode', 'success'],
      ]),
    );

    const { checkoutId, result } = await guestCheckoutWith('spring15');
    expect(result.__typename).toBe('ApplyCheckoutCouponPayload');
    const checkout = result.checkout;
    const bc = await upstreamCheckout(checkoutId);
    expect(checkout.coupons.map((c: Json) => c.code)).toEqual(['SPRING15']);
    expect(checkout.coupons[0].discountedAmount.amount).toBe(usd(bc.coupons[0].discounted_amount));
    expect(Number(checkout.discountTotal.amount)).toBeGreaterThan(0);
    expect(checkout.subtotal.amount).toBe(usd(bc.subtotal_ex_tax));
    expect(checkout.taxTotal.amount).toBe(usd(bc.tax_total));
    expect(checkout.grandTotal.amount).toBe(usd(bc.grand_total));
    // 15 % of the items, rounded half up to the cent.
    const subtotalCents = Math.round(Number(checkout.subtotal.amount) * 100);
    expect(Math.round(Number(checkout.discountTotal.amount) * 100)).toBe(
      Math.floor((subtotalCents * 15 + 50) / 100),
    );
  });

  it('a fixed amount; update, list with codes, delete', async () => {
    const { createPromotion } = await ops(CREATE, {
      input: {
        name: 'Five fifty',
        discount: { amount: '5.50' },
        startsAt: '2026-01-01T00:00:00Z',
        endsAt: '2099-01-01T00:00:00Z',
      },
    });
    const id = createPromotion.promotion.entityId;
    await ops(CREATE_CODE, { input: { promotionEntityId: id, code: 'FIVE-FIFTY' } });
    const { result } = await guestCheckoutWith('FIVE-FIFTY');
    expect(result.checkout.coupons[0].discountedAmount.amount).toBe('5.50');

    const { updatePromotion } = await ops(UPDATE, {
      input: { promotionEntityId: id, name: 'Six', discount: { amount: '6' }, active: false },
    });
    expect(updatePromotion.promotion).toMatchObject({
      name: 'Six',
      active: false,
      discount: { amount: '6', percentage: null },
    });
    expect((await guestCheckoutWith('FIVE-FIFTY')).result.__typename).not.toBe(
      'ApplyCheckoutCouponPayload',
    );

    const first = (await ops(LIST)).promotions;
    const seen = [...first.edges];
    if (first.pageInfo.hasNextPage)
      seen.push(...(await ops(LIST, { after: first.pageInfo.endCursor })).promotions.edges);
    expect(first.totalCount).toBe(stack.sandbox.store.promotions.list().length);
    const listed = seen.find((e: Json) => e.node.entityId === id);
    expect(listed.node.codes.map((c: Json) => c.code)).toEqual(['FIVE-FIFTY']);

    expect((await ops(DELETE, { input: { promotionEntityId: id } })).deletePromotion).toEqual({
      __typename: 'DeletePromotionPayload',
      deletedPromotionEntityId: id,
    });
    expect((await ops(DELETE, { input: { promotionEntityId: id } })).deletePromotion).toMatchObject(
      {
        __typename: 'NotFoundError',
        field: 'input.promotionEntityId',
      },
    );
  });

  it('a taken code is a DuplicateCouponCodeError; bad input never goes upstream', async () => {
    const { createPromotion } = await ops(CREATE, {
      input: { name: 'Dup', discount: { percentage: '5' } },
    });
    const id = createPromotion.promotion.entityId;
    await ops(CREATE_CODE, { input: { promotionEntityId: id, code: 'TAKEN-CODE' } });
    const { createPromotionCode } = await ops(CREATE_CODE, {
      input: { promotionEntityId: id, code: 'taken-code' },
    });
    expect(createPromotionCode).toMatchObject({
      __typename: 'DuplicateCouponCodeError',
      code: 'DUPLICATE_COUPON_CODE',
      field: 'input.code',
    });
    // The gateway's words, not the store's ("The coupon code is already in use.").
    expect(createPromotionCode.message).toBe('That coupon code is already in use.');
    const missing = await ops(CREATE_CODE, {
      input: { promotionEntityId: 999_999, code: 'NOPE-X' },
    });
    expect(missing.createPromotionCode.__typename).toBe('NotFoundError');

    stack.sandbox.counters.reset();
    const both = await gql(
      CREATE,
      { input: { name: 'x', discount: { percentage: '5', amount: '1' } } },
      keys.internal,
    );
    expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badCode = await gql(
      CREATE_CODE,
      { input: { promotionEntityId: id, code: 'no!' } },
      keys.internal,
    );
    expect(badCode.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.sandbox.counters.total()).toBe(0);
  });

  it('a partner key without promotions:write is FORBIDDEN and nothing reaches the store', async () => {
    const writes = await gql(
      CREATE,
      { input: { name: 'x', discount: { percentage: '5' } } },
      keys.partner,
    );
    expect(writes.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const code = await gql(
      CREATE_CODE,
      { input: { promotionEntityId: 1, code: 'X1' } },
      keys.partner,
    );
    expect(code.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const list = await gql(LIST, {}, keys.partner);
    expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(stack.sandbox.counters.total()).toBe(0);
  });
});
