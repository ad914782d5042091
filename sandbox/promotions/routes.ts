import { z } from 'zod';
import { parseBody } from '../carts/body.js';
import { HttpError, paginate, single } from '../http.js';
import { enumParam, intParam, pageParams, stringParam } from '../query.js';
import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';
import type { Promotion, PromotionDraft } from './store.js';

const money = z.string().regex(/^[0-9]+(\.[0-9]+)?$/, 'must be a decimal amount');
const discount = z.union([
  z.object({ percentage_amount: money }),
  z.object({ fixed_amount: money }),
]);
// `Rule`: an `action` is required; a `cart_value` action must carry a discount. Other actions are
// kept as sent (the sandbox applies only `cart_value`).
const rule = z.looseObject({
  action: z.looseObject({ cart_value: z.looseObject({ discount }).optional() }),
});
const date = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date-time');

const common = {
  name: z.string().min(1).max(255),
  display_name: z.string().max(255).optional(),
  channels: z.array(z.object({ id: z.number().int() })).optional(),
  customer: z.looseObject({}).optional(),
  rules: z.array(rule).min(1),
  max_uses: z.number().int().min(0).optional(),
  status: z.enum(['ENABLED', 'DISABLED']).optional(),
  start_date: date.optional(),
  end_date: date.nullable().optional(),
  stop: z.boolean().optional(),
  can_be_used_with_other_promotions: z.boolean().optional(),
  coupon_overrides_other_promotions: z.boolean().optional(),
  currency_code: z.string().optional(),
  notifications: z.array(z.unknown()).optional(),
  coupon_type: z.enum(['SINGLE', 'BULK']).optional(),
};

/** `DraftCouponPromotion` | `DraftAutomaticPromotion`: `redemption_type`, `name`, `rules` required. */
const draftSchema = z.looseObject({
  ...common,
  redemption_type: z.enum(['COUPON', 'AUTOMATIC']),
});
/** `PatchCouponPromotion`: every field optional; the redemption type cannot change. */
const patchSchema = z.looseObject(
  Object.fromEntries(Object.entries(common).map(([k, v]) => [k, v.optional()])),
);
/** The `createPromotionCode` body: `code` required, letters, digits, spaces, `_` and `-`. */
const codeSchema = z.object({
  code: z
    .string()
    .min(1)
    .max(50)
    .regex(/^[a-zA-Z0-9_ -]+$/, 'only letters, numbers, spaces, underscores and hyphens'),
  max_uses: z.number().int().min(0).optional(),
  max_uses_per_customer: z.number().int().min(0).optional(),
});

/** The saved view: codes are listed by `/codes`, not inside the promotion. */
function view(p: Promotion): Record<string, unknown> {
  const { codes, end_date, ...rest } = p;
  return {
    ...rest,
    // `end_date` is a non-nullable string in the spec: a promotion that never ends leaves it out.
    ...(end_date === null ? {} : { end_date }),
    created_from: 'api',
    multiple_codes: { has_multiple_codes: codes.length > 1 },
    coupon_overrides_automatic_when_offering_higher_discounts: false,
  };
}

const idOf = (raw: string | undefined): number => {
  if (!raw || !/^\d+$/.test(raw))
    throw new HttpError(404, 'The requested promotion was not found.');
  return Number(raw);
};

/** `promotions.v3.yml`: promotions, and coupon codes of coupon promotions. */
export function registerPromotionRoutes(router: Router, store: SandboxStore): void {
  const { promotions } = store;

  router.get('/v3/promotions', ({ query }) => {
    const id = intParam(query, 'id');
    const name = stringParam(query, 'name');
    const code = stringParam(query, 'code')?.toUpperCase();
    const redemption = enumParam(query, 'redemption_type', ['automatic', 'coupon'] as const);
    const status = stringParam(query, 'status');
    const matches = promotions
      .list()
      .filter(
        (p) =>
          (id === undefined || p.id === id) &&
          (name === undefined || p.name === name) &&
          (code === undefined || p.codes.some((c) => c.code.toUpperCase() === code)) &&
          (redemption === undefined || p.redemption_type === redemption.toUpperCase()) &&
          (status === undefined || p.status === status),
      );
    return paginate(matches, pageParams(query), query, view);
  });

  router.add('POST', '/v3/promotions', async ({ req }) => {
    const d = await parseBody(req, draftSchema);
    const draft: PromotionDraft = {
      redemption_type: d.redemption_type,
      name: d.name,
      display_name: d.display_name ?? '',
      channels: d.channels ?? [],
      customer: d.customer ?? {},
      rules: d.rules,
      max_uses: d.max_uses,
      status: d.status ?? 'ENABLED',
      start_date: d.start_date ?? new Date().toISOString(),
      end_date: d.end_date ?? null,
      stop: d.stop ?? false,
      can_be_used_with_other_promotions: d.can_be_used_with_other_promotions ?? true,
      coupon_overrides_other_promotions: d.coupon_overrides_other_promotions ?? false,
      currency_code: d.currency_code ?? '*',
      notifications: d.notifications ?? [],
      coupon_type: d.coupon_type ?? 'SINGLE',
    };
    return { status: 201, body: { data: view(promotions.create(draft)), meta: {} } };
  });

  router.get('/v3/promotions/{id}', ({ params }) => single(view(promotions.get(idOf(params.id)))));

  router.add('PUT', '/v3/promotions/{id}', async ({ req, params }) => {
    const id = promotions.get(idOf(params.id)).id;
    const patch = await parseBody(req, patchSchema);
    return single(view(promotions.update(id, patch as Partial<PromotionDraft>)));
  });

  router.add('DELETE', '/v3/promotions/{id}', ({ params }) => {
    promotions.delete(idOf(params.id));
    return { status: 204, body: undefined };
  });

  router.get('/v3/promotions/{promotion_id}/codes', ({ params, query }) => {
    const code = stringParam(query, 'code')?.toUpperCase();
    const codes = promotions
      .get(idOf(params.promotion_id))
      .codes.filter((c) => code === undefined || c.code.toUpperCase() === code);
    return paginate(codes, pageParams(query), query);
  });

  router.add('POST', '/v3/promotions/{promotion_id}/codes', async ({ req, params }) => {
    const id = promotions.get(idOf(params.promotion_id)).id;
    const input = await parseBody(req, codeSchema);
    return { status: 201, body: { data: promotions.addCode(id, input), meta: {} } };
  });

  router.add('DELETE', '/v3/promotions/{promotion_id}/codes/{code_id}', ({ params }) => {
    const codeId = params.code_id ?? '';
    if (/^\d+$/.test(codeId)) promotions.deleteCode(idOf(params.promotion_id), Number(codeId));
    return { status: 204, body: undefined };
  });
}
