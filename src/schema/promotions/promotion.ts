import type { BcPromotion, BcPromotionCode } from '../../datasources/schemas/promotions.js';
import { builder } from '../builder.js';
import { resolveOffsetConnection } from '../catalog/offset-connection.js';
import { connectionComplexity, UPSTREAM_CALL } from '../query-cost.js';

/** Back-office promotion reads and writes need `promotions:write` (there is no read-only scope). */
export const PROMOTIONS_WRITE = { scope: 'promotions:write' } as const;

type BcDiscountView = { percentage: string | null; amount: string | null };

/** The first `cart_value` discount: the kind of promotion the gateway creates. */
export function discountOf(promotion: BcPromotion): BcDiscountView | null {
  for (const rule of promotion.rules) {
    const discount = rule.action.cart_value?.discount;
    if (!discount) continue;
    const { percentage_amount: percentage, fixed_amount: amount } = discount as {
      percentage_amount?: string;
      fixed_amount?: string;
    };
    return { percentage: percentage ?? null, amount: percentage ? null : (amount ?? null) };
  }
  return null;
}

export const PromotionCodeRef = builder.objectRef<BcPromotionCode>('PromotionCode').implement({
  description: 'A coupon code a shopper types at checkout to get its promotion’s discount.',
  fields: (t) => ({
    entityId: t.int({ description: 'BigCommerce coupon code id.', resolve: (c) => c.id }),
    code: t.string({
      description: 'What the shopper types (case does not matter).',
      resolve: (c) => c.code,
    }),
    currentUses: t.int({
      description: 'Orders placed with it so far.',
      resolve: (c) => c.current_uses,
    }),
    maxUses: t.int({
      nullable: true,
      description: 'How many times it can be used; null for no limit.',
      resolve: (c) => (c.max_uses ? c.max_uses : null),
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was created.',
      resolve: (c) => c.created,
    }),
  }),
});

const PromotionDiscountRef = builder.objectRef<BcDiscountView>('PromotionDiscount').implement({
  description: 'What a promotion takes off the order: a percentage or an amount, never both.',
  fields: (t) => ({
    percentage: t.field({
      type: 'Decimal',
      nullable: true,
      description: 'Percent off the items.',
      resolve: (d) => d.percentage,
    }),
    amount: t.field({
      type: 'Decimal',
      nullable: true,
      description: 'Money off the order, in the store’s currency (never more than the items cost).',
      resolve: (d) => d.amount,
    }),
  }),
});

const PromotionRedemptionEnum = builder.enumType('PromotionRedemption', {
  description: 'How a promotion applies.',
  values: {
    COUPON: { description: 'When a shopper enters one of its codes.' },
    AUTOMATIC: { description: 'By itself, when the cart meets its conditions.' },
  } as const,
});

export const PromotionRef = builder.objectRef<BcPromotion>('Promotion').implement({
  description: 'A store promotion (`/v3/promotions`), for the back office.',
  fields: (t) => ({
    entityId: t.int({ description: 'BigCommerce promotion id.', resolve: (p) => p.id }),
    name: t.string({ description: 'The internal name.', resolve: (p) => p.name }),
    redemption: t.field({
      type: PromotionRedemptionEnum,
      description: 'Coupon or automatic.',
      resolve: (p) => p.redemption_type,
    }),
    active: t.boolean({
      description: 'Whether shoppers can use it now (enabled; its dates are separate).',
      resolve: (p) => p.status === 'ENABLED',
    }),
    discount: t.field({
      type: PromotionDiscountRef,
      nullable: true,
      description:
        'Its order discount; null for promotions of other kinds (items, shipping, gifts).',
      resolve: discountOf,
    }),
    startsAt: t.field({
      type: 'DateTime',
      description: 'When it starts.',
      resolve: (p) => p.start_date,
    }),
    endsAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it ends; null when it never does.',
      resolve: (p) => p.end_date ?? null,
    }),
    currentUses: t.int({
      description: 'Orders placed with it so far.',
      resolve: (p) => p.current_uses,
    }),
    codes: t.field({
      type: [PromotionCodeRef],
      description: 'Its coupon codes (none for an automatic promotion).',
      complexity: UPSTREAM_CALL,
      resolve: (p, _args, ctx) =>
        p.redemption_type === 'COUPON' ? ctx.promotions.listCodes(p.id) : [],
    }),
  }),
});

builder.queryField('promotions', (t) =>
  t.connection(
    {
      type: PromotionRef,
      description: 'The store’s promotions by id, for keys with `promotions:write`.',
      authScopes: PROMOTIONS_WRITE,
      complexity: connectionComplexity,
      resolve: (_root, args, ctx) =>
        resolveOffsetConnection(args, async (page, limit) => {
          const { data, pagination } = await ctx.promotions.listPromotions({ page, limit });
          return { items: data, total: pagination.total };
        }),
    },
    { name: 'PromotionConnection', description: 'A page of promotions.' },
    { name: 'PromotionEdge', description: 'A promotion in a page, with its cursor.' },
  ),
);
