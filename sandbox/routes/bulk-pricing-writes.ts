import { z } from 'zod';
import { HttpError, notFound, readJsonBody, single } from '../http.js';
import type { BulkPricingRule } from '../model.js';
import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';
import { pathId, productIdParam } from './params.js';

/** `bulkPricingRule_Full`: every field required in a POST; `amount` a number or numeric text. */
const ruleFields = z.object({
  quantity_min: z.number().int().min(0),
  quantity_max: z.number().int().min(0),
  type: z.enum(['price', 'percent', 'fixed']),
  amount: z.union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ]),
});

/**
 * A product's bulk pricing rule writes (products_catalog.v3.yml): `POST
 * /v3/catalog/products/{product_id}/bulk-pricing-rules`, `PUT` and `DELETE` on
 * `…/bulk-pricing-rules/{bulk_pricing_rule_id}`. A refused write changes nothing.
 */
export function registerBulkPricingWriteRoutes(router: Router, store: SandboxStore): void {
  const base = '/v3/catalog/products/{product_id}/bulk-pricing-rules';
  const rulesOf = (params: Record<string, string>): BulkPricingRule[] => {
    const rules = store.bulkPricingRules.get(productIdParam(params));
    if (!rules) throw notFound('product');
    return rules;
  };

  router.add('POST', base, async ({ req, params }) => {
    rulesOf(params);
    const fields = parse(ruleFields, await readJsonBody(req));
    checkRange(fields);
    return single(store.addBulkPricingRule(productIdParam(params), fields));
  });

  router.add('PUT', `${base}/{bulk_pricing_rule_id}`, async ({ req, params }) => {
    const rule = ruleIn(rulesOf(params), params);
    const patch = parse(ruleFields.partial(), await readJsonBody(req));
    checkRange({ ...rule, ...patch });
    return single(Object.assign(rule, patch));
  });

  router.add('DELETE', `${base}/{bulk_pricing_rule_id}`, ({ params }) => {
    const rules = rulesOf(params);
    rules.splice(rules.indexOf(ruleIn(rules, params)), 1);
    return { status: 204, body: undefined };
  });
}

function ruleIn(rules: BulkPricingRule[], params: Record<string, string>): BulkPricingRule {
  const id = pathId(params, 'bulk_pricing_rule_id', 'bulk pricing rule');
  const rule = rules.find((r) => r.id === id);
  if (!rule) throw notFound('bulk pricing rule');
  return rule;
}

/** "`quantity_max` must be greater than the `quantity_min` value, unless it is 0 (no bound)." */
function checkRange(rule: { quantity_min: number; quantity_max: number }): void {
  if (rule.quantity_max !== 0 && rule.quantity_max <= rule.quantity_min) {
    throw new HttpError(422, 'The bulk pricing rule was not valid.', {
      quantity_max: 'Must be greater than quantity_min, or 0 for no maximum.',
    });
  }
}

function parse<T>(schema: z.ZodType<T, unknown>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const errors = Object.fromEntries(
    parsed.error.issues.map((issue) => [issue.path.join('.') || 'body', issue.message]),
  );
  throw new HttpError(422, 'The bulk pricing rule was not valid.', errors);
}
