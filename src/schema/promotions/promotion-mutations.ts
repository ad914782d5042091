import { z } from 'zod';
import type { Context } from '../../context.js';
import { UpstreamInputError, UpstreamNotFoundError } from '../../datasources/errors.js';
import type {
  BcDiscount,
  BcPromotion,
  BcPromotionCode,
  BcPromotionPatch,
} from '../../datasources/schemas/promotions.js';
import { fingerprintInput, idempotencyOwner } from '../../idempotency/idempotency.js';
import { builder } from '../builder.js';
import { InvalidInputError, NotFoundError } from '../commerce/common-errors.js';
import { audited } from '../commerce/write-guard.js';
import type { UserError } from '../errors.js';
import { UPSTREAM_CALL } from '../query-cost.js';
import { PROMOTIONS_WRITE, PromotionCodeRef, PromotionRef } from './promotion.js';
import { DuplicateCouponCodeError } from './promotion-errors.js';

const positiveDecimal = z
  .string()
  .regex(/^\d{1,10}(\.\d{1,4})?$/, 'must be a positive decimal such as 10 or 5.50')
  .refine((text) => Number(text) > 0, 'must be more than zero');
const dateTime = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time');
const entityId = z.number().int().positive('must be a positive id');

const PromotionDiscountInput = builder.inputType('PromotionDiscountInput', {
  description: 'Exactly one of `percentage` (off the items) or `amount` (off the order).',
  fields: (t) => ({
    percentage: t.field({
      type: 'Decimal',
      description: 'Percent off, more than 0 and at most 100.',
      validate: positiveDecimal.refine((text) => Number(text) <= 100, 'must be at most 100'),
    }),
    amount: t.field({
      type: 'Decimal',
      description: 'Money off the order, in the store’s currency.',
      validate: positiveDecimal,
    }),
  }),
  // Loose: the parsed value replaces the input, and a strict object would drop its other fields.
  validate: z
    .looseObject({ percentage: z.string().nullish(), amount: z.string().nullish() })
    .refine(
      (d) => (d.percentage == null) !== (d.amount == null),
      'give a percentage or an amount, not both',
    ),
});

type DiscountInput = { percentage?: string | null; amount?: string | null };

/** The graph's discount as BigCommerce's `Discount`: decimal text as it came, never via a float. */
const toBcDiscount = (d: DiscountInput): BcDiscount =>
  d.percentage != null ? { percentage_amount: d.percentage } : { fixed_amount: d.amount ?? '0' };
const cartValueRules = (d: DiscountInput) => [
  { action: { cart_value: { discount: toBcDiscount(d) } } },
];

const CreatePromotionInput = builder.inputType('CreatePromotionInput', {
  description: 'A coupon promotion taking a percentage or an amount off the order.',
  fields: (t) => ({
    name: t.string({
      required: true,
      description: 'Internal name (also shown to shoppers).',
      validate: z.string().trim().min(1).max(255),
    }),
    discount: t.field({
      type: PromotionDiscountInput,
      required: true,
      description: 'What it takes off.',
    }),
    startsAt: t.field({
      type: 'DateTime',
      description: 'When it starts; now when left out.',
      validate: dateTime,
    }),
    endsAt: t.field({
      type: 'DateTime',
      description: 'When it ends; never when left out.',
      validate: dateTime,
    }),
    active: t.boolean({ description: 'Usable by shoppers (default true).' }),
    idempotencyKey: t.string({
      description:
        'Retrying with the same key returns the first result instead of a second promotion.',
      validate: z.string().min(1).max(200),
    }),
  }),
  // Loose: the parsed value replaces the input, and a strict object would drop its other fields.
  validate: z
    .looseObject({ startsAt: z.string().nullish(), endsAt: z.string().nullish() })
    .refine(
      (i) =>
        i.startsAt == null || i.endsAt == null || Date.parse(i.startsAt) < Date.parse(i.endsAt),
      { message: 'must be after startsAt', path: ['endsAt'] },
    ),
});

const UpdatePromotionInput = builder.inputType('UpdatePromotionInput', {
  description: 'The fields to change; the others stay as they are.',
  fields: (t) => ({
    promotionEntityId: t.int({
      required: true,
      description: 'BigCommerce promotion id.',
      validate: entityId,
    }),
    name: t.string({ description: 'New name.', validate: z.string().trim().min(1).max(255) }),
    discount: t.field({ type: PromotionDiscountInput, description: 'New discount.' }),
    startsAt: t.field({ type: 'DateTime', description: 'New start.', validate: dateTime }),
    endsAt: t.field({ type: 'DateTime', description: 'New end.', validate: dateTime }),
    active: t.boolean({ description: 'Turn it on or off.' }),
  }),
});

const DeletePromotionInput = builder.inputType('DeletePromotionInput', {
  description: 'The promotion to delete, with its codes.',
  fields: (t) => ({
    promotionEntityId: t.int({
      required: true,
      description: 'BigCommerce promotion id.',
      validate: entityId,
    }),
  }),
});

const CreatePromotionCodeInput = builder.inputType('CreatePromotionCodeInput', {
  description: 'A coupon code for a coupon promotion.',
  fields: (t) => ({
    promotionEntityId: t.int({
      required: true,
      description: 'BigCommerce promotion id.',
      validate: entityId,
    }),
    code: t.string({
      required: true,
      description: 'Letters, digits, spaces, `_` and `-`, at most 50; unique in the store.',
      validate: z
        .string()
        .trim()
        .min(1)
        .max(50)
        .regex(/^[a-zA-Z0-9_ -]+$/, 'only letters, digits, spaces, underscores and hyphens'),
    }),
    maxUses: t.int({
      description: 'How many orders can use it; no limit when left out.',
      validate: z.number().int().min(1).max(1_000_000),
    }),
  }),
});

const payload = <T extends object>(name: string, field: string, ref: typeof PromotionRef) =>
  builder.objectRef<T>(name).implement({
    description: `The outcome of \`${name.replace(/Payload$/, '').replace(/^./, (c) => c.toLowerCase())}\`.`,
    fields: (t) => ({
      [field]: t.field({
        type: ref,
        description: 'The promotion, as it is now.',
        resolve: (p) => (p as Record<string, BcPromotion>)[field] as BcPromotion,
      }),
    }),
  });

const CreatePromotionPayload = payload<{ promotion: BcPromotion }>(
  'CreatePromotionPayload',
  'promotion',
  PromotionRef,
);
const UpdatePromotionPayload = payload<{ promotion: BcPromotion }>(
  'UpdatePromotionPayload',
  'promotion',
  PromotionRef,
);

const DeletePromotionPayload = builder
  .objectRef<{ deletedPromotionEntityId: number }>('DeletePromotionPayload')
  .implement({
    description: 'The outcome of `deletePromotion`.',
    fields: (t) => ({
      deletedPromotionEntityId: t.exposeInt('deletedPromotionEntityId', {
        description: 'The id deleted.',
      }),
    }),
  });

const CreatePromotionCodePayload = builder
  .objectRef<{ promotionCode: BcPromotionCode; promotion: BcPromotion }>(
    'CreatePromotionCodePayload',
  )
  .implement({
    description: 'The outcome of `createPromotionCode`.',
    fields: (t) => ({
      // Not `code`: a union selection also asks `Error.code` (a String) under that name.
      promotionCode: t.field({
        type: PromotionCodeRef,
        description: 'The new code.',
        resolve: (p) => p.promotionCode,
      }),
      promotion: t.field({
        type: PromotionRef,
        description: 'Its promotion.',
        resolve: (p) => p.promotion,
      }),
    }),
  });

/**
 * BigCommerce's refusal in the gateway's words: a 404 is the promotion, a 409 or a 422 naming
 * `code` is a taken code, any other 400/409/422 the first field it names. Its text never passes.
 */
function refusalOf(error: unknown): UserError | null {
  if (error instanceof UpstreamNotFoundError) {
    return new NotFoundError('No such promotion.', { field: 'input.promotionEntityId' });
  }
  if (!(error instanceof UpstreamInputError)) return null;
  const fields = Object.keys(error.fields);
  if (fields.includes('code') || (error.status === 409 && fields.length === 0)) {
    return new DuplicateCouponCodeError('That coupon code is already in use.', {
      field: 'input.code',
    });
  }
  const field = fields[0];
  return new InvalidInputError('BigCommerce refused the input.', {
    field: field ? `input.${field}` : 'input',
  });
}

/** The promotion, or NotFoundError: a `DELETE` or `PUT` of an unknown id must not look fine. */
async function existing(ctx: Context, id: number): Promise<BcPromotion> {
  return ctx.promotions.getPromotion(id);
}

builder.mutationField('createPromotion', (t) =>
  t.field({
    type: CreatePromotionPayload,
    description: 'Creates a coupon promotion; add codes with `createPromotionCode`.',
    authScopes: PROMOTIONS_WRITE,
    args: {
      input: t.arg({ type: CreatePromotionInput, required: true, description: 'The promotion.' }),
    },
    errors: {
      types: [InvalidInputError],
      directResult: true,
      union: {
        name: 'CreatePromotionResult',
        description: 'The new promotion, or why there is none.',
      },
    },
    complexity: 2 * UPSTREAM_CALL,
    resolve: async (_root, { input }, ctx) => {
      const create = async () => {
        const created = await ctx.promotions.createPromotion({
          redemption_type: 'COUPON',
          name: input.name.trim(),
          display_name: input.name.trim(),
          rules: cartValueRules(input.discount),
          status: input.active === false ? 'DISABLED' : 'ENABLED',
          ...(input.startsAt ? { start_date: new Date(input.startsAt).toISOString() } : {}),
          ...(input.endsAt ? { end_date: new Date(input.endsAt).toISOString() } : {}),
          coupon_type: 'SINGLE',
        });
        return { promotionId: created.id };
      };
      const { promotionId } = await audited(
        ctx,
        'createPromotion',
        {},
        () =>
          input.idempotencyKey
            ? ctx.idempotency.run(
                {
                  operation: 'createPromotion',
                  owner: idempotencyOwner(ctx.viewer),
                  key: input.idempotencyKey,
                  fingerprint: fingerprintInput(input),
                },
                create,
              )
            : create(),
        refusalOf,
        (result) => ({ promotionId: result.promotionId }),
      );
      return { promotion: await ctx.promotions.getPromotion(promotionId) };
    },
  }),
);

builder.mutationField('updatePromotion', (t) =>
  t.field({
    type: UpdatePromotionPayload,
    description: 'Changes a promotion’s name, discount, dates or whether it is active.',
    authScopes: PROMOTIONS_WRITE,
    args: {
      input: t.arg({ type: UpdatePromotionInput, required: true, description: 'What changes.' }),
    },
    errors: {
      types: [NotFoundError, InvalidInputError],
      directResult: true,
      union: {
        name: 'UpdatePromotionResult',
        description: 'The promotion, or why it did not change.',
      },
    },
    complexity: 2 * UPSTREAM_CALL,
    resolve: async (_root, { input }, ctx) => {
      const id = input.promotionEntityId;
      const patch: BcPromotionPatch = {
        ...(input.name ? { name: input.name.trim(), display_name: input.name.trim() } : {}),
        ...(input.discount ? { rules: cartValueRules(input.discount) } : {}),
        ...(input.startsAt ? { start_date: new Date(input.startsAt).toISOString() } : {}),
        ...(input.endsAt ? { end_date: new Date(input.endsAt).toISOString() } : {}),
        ...(input.active != null ? { status: input.active ? 'ENABLED' : 'DISABLED' } : {}),
      };
      const promotion = await audited(
        ctx,
        'updatePromotion',
        { promotionId: id },
        async () => {
          await existing(ctx, id);
          return ctx.promotions.updatePromotion(id, patch);
        },
        refusalOf,
      );
      return { promotion };
    },
  }),
);

builder.mutationField('deletePromotion', (t) =>
  t.field({
    type: DeletePromotionPayload,
    description: 'Deletes a promotion and its codes; carts holding a code lose the discount.',
    authScopes: PROMOTIONS_WRITE,
    args: { input: t.arg({ type: DeletePromotionInput, required: true, description: 'Which.' }) },
    errors: {
      types: [NotFoundError],
      directResult: true,
      union: { name: 'DeletePromotionResult', description: 'The deleted id, or why not.' },
    },
    complexity: 2 * UPSTREAM_CALL,
    resolve: async (_root, { input }, ctx) => {
      const id = input.promotionEntityId;
      await audited(
        ctx,
        'deletePromotion',
        { promotionId: id },
        async () => {
          // BigCommerce answers 204 for an unknown id too: look first, so NotFoundError is honest.
          await existing(ctx, id);
          await ctx.promotions.deletePromotion(id);
        },
        refusalOf,
      );
      return { deletedPromotionEntityId: id };
    },
  }),
);

builder.mutationField('createPromotionCode', (t) =>
  t.field({
    type: CreatePromotionCodePayload,
    description:
      'Adds a coupon code to a coupon promotion; shoppers apply it with `applyCheckoutCoupon`.',
    authScopes: PROMOTIONS_WRITE,
    args: {
      input: t.arg({ type: CreatePromotionCodeInput, required: true, description: 'The code.' }),
    },
    errors: {
      types: [DuplicateCouponCodeError, NotFoundError, InvalidInputError],
      directResult: true,
      union: {
        name: 'CreatePromotionCodeResult',
        description: 'The new code, or why there is none.',
      },
    },
    complexity: 2 * UPSTREAM_CALL,
    resolve: async (_root, { input }, ctx) => {
      const id = input.promotionEntityId;
      const code = await audited(
        ctx,
        'createPromotionCode',
        { promotionId: id },
        () =>
          ctx.promotions.createCode(id, {
            code: input.code.trim(),
            ...(input.maxUses != null ? { max_uses: input.maxUses } : {}),
          }),
        refusalOf,
        (created) => ({ codeId: created.id }),
      );
      return { promotionCode: code, promotion: await ctx.promotions.getPromotion(id) };
    },
  }),
);
