import { z } from 'zod';
import type { BcBulkPricingRule } from '../../datasources/catalog-writes.js';
import { UpstreamNotFoundError } from '../../datasources/errors.js';
import { decimalFromNumber } from '../../money/decimal.js';
import { builder } from '../builder.js';
import { InvalidInputError, NotFoundError } from '../commerce/common-errors.js';
import { audited } from '../commerce/write-guard.js';
import { UPSTREAM_CALL } from '../query-cost.js';
import { catalogRefusal } from './errors.js';
import { CATALOG_WRITE, forgetProduct } from './product-mutations.js';

/** The gateway's own bound on one call (each rule is one upstream write). */
const MAX_RULES = 50;

const BulkPricingType = builder.enumType('BulkPricingType', {
  description: 'How a bulk pricing rule adjusts the price.',
  values: {
    PRICE: { value: 'price', description: 'Takes `amount` off the price of each item.' },
    PERCENT: { value: 'percent', description: 'Takes `amount` percent off the price.' },
    FIXED: { value: 'fixed', description: 'Sells each item at `amount`.' },
  } as const,
});

const BulkPricingRuleRef = builder.objectRef<BcBulkPricingRule>('BulkPricingRule').implement({
  description: 'A quantity band of a product with its price adjustment.',
  fields: (t) => ({
    entityId: t.int({ description: 'BigCommerce rule id.', resolve: (r) => r.id }),
    quantityMin: t.int({
      description: 'The smallest quantity it applies to.',
      resolve: (r) => r.quantity_min,
    }),
    quantityMax: t.int({
      nullable: true,
      description: 'The largest quantity it applies to; null for no bound.',
      resolve: (r) => (r.quantity_max === 0 ? null : r.quantity_max),
    }),
    type: t.field({
      type: BulkPricingType,
      description: 'How it adjusts.',
      resolve: (r) => r.type,
    }),
    amount: t.field({
      type: 'Decimal',
      description: 'The adjustment (an amount, a percentage or a price, per `type`).',
      resolve: (r) => (typeof r.amount === 'number' ? decimalFromNumber(r.amount, 0) : r.amount),
    }),
  }),
});

const BulkPricingRuleInput = builder.inputType('BulkPricingRuleInput', {
  description: 'One quantity band and its adjustment.',
  fields: (t) => ({
    quantityMin: t.int({
      required: true,
      description: 'The smallest quantity it applies to.',
      validate: z.number().int().min(0),
    }),
    quantityMax: t.int({
      required: false,
      description: 'The largest quantity it applies to; left out, no bound.',
      validate: z.number().int().positive().nullish(),
    }),
    type: t.field({ type: BulkPricingType, required: true, description: 'How it adjusts.' }),
    amount: t.field({
      type: 'Decimal',
      required: true,
      description: 'The adjustment, e.g. `"2.50"` or `"10"` (percent).',
      validate: z
        .string()
        .regex(/^\d{1,12}(\.\d{1,4})?$/, 'must be a non-negative amount such as "2.50"'),
    }),
  }),
});

const SetBulkPricingRulesInput = builder.inputType('SetBulkPricingRulesInput', {
  description: 'A product and the rules that replace its bulk pricing rules (none: no rules).',
  fields: (t) => ({
    productEntityId: t.int({
      required: true,
      description: 'BigCommerce product id.',
      validate: z.number().int().positive('must be a positive entity id'),
    }),
    rules: t.field({
      type: [BulkPricingRuleInput],
      required: true,
      description: 'The rules, in order.',
      validate: z.array(z.unknown()).max(MAX_RULES),
    }),
  }),
});

const SetBulkPricingRulesPayload = builder
  .objectRef<{ productId: number; rules: BcBulkPricingRule[] }>('SetBulkPricingRulesPayload')
  .implement({
    description: 'The outcome of `setBulkPricingRules`.',
    fields: (t) => ({
      productEntityId: t.int({ description: 'The product.', resolve: (p) => p.productId }),
      rules: t.field({
        type: [BulkPricingRuleRef],
        description: 'Its bulk pricing rules as they now are.',
        resolve: (p) => p.rules,
      }),
    }),
  });

builder.mutationField('setBulkPricingRules', (t) =>
  t.field({
    type: SetBulkPricingRulesPayload,
    description: 'Replaces the bulk pricing rules of a product (keys with `catalog:write`).',
    authScopes: CATALOG_WRITE,
    args: {
      input: t.arg({ type: SetBulkPricingRulesInput, required: true, description: 'The rules.' }),
    },
    errors: {
      types: [NotFoundError, InvalidInputError],
      directResult: true,
      union: {
        name: 'SetBulkPricingRulesResult',
        description: 'The rules, or why they were not set.',
      },
    },
    // One list, then a delete per old rule and a create per new one.
    complexity: (args) => (2 + 2 * args.input.rules.length) * UPSTREAM_CALL,
    resolve: (_root, { input }, ctx) => {
      const productId = input.productEntityId;
      return audited(
        ctx,
        'setBulkPricingRules',
        { productId, ruleCount: input.rules.length },
        async () => {
          const bad = input.rules.findIndex(
            (r) => r.quantityMax != null && r.quantityMax <= r.quantityMin,
          );
          if (bad >= 0) {
            throw new InvalidInputError('quantityMax must be greater than quantityMin.', {
              field: `input.rules.${bad}.quantityMax`,
            });
          }
          const rules = await ctx.catalogWrites.setBulkPricingRules(
            productId,
            input.rules.map((r) => ({
              quantity_min: r.quantityMin,
              quantity_max: r.quantityMax ?? 0,
              type: r.type,
              amount: Number(r.amount),
            })),
          );
          await forgetProduct(ctx, productId);
          return { productId, rules };
        },
        (error) =>
          error instanceof UpstreamNotFoundError
            ? new NotFoundError('There is no such product.', { field: 'input.productEntityId' })
            : catalogRefusal(error),
      );
    },
  }),
);
