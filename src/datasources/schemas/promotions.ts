import { z } from 'zod';

/** `Discount` of promotions.v3.yml: percent off or money off, both decimal text. */
const bcDiscountSchema = z.union([
  z.looseObject({ percentage_amount: z.string() }),
  z.looseObject({ fixed_amount: z.string() }),
]);
export type BcDiscount = z.infer<typeof bcDiscountSchema>;

/**
 * `Rule`, read only as far as the gateway uses it: a `cart_value` action's discount. Other actions
 * (items, gifts, shipping) pass through untouched.
 */
const bcRuleSchema = z.looseObject({
  action: z.looseObject({
    cart_value: z.looseObject({ discount: bcDiscountSchema }).optional(),
  }),
});

/**
 * `SavedCouponPromotion` / `SavedAutomaticPromotion`, loose: BigCommerce adds fields. `end_date`
 * is absent or null for a promotion that never ends.
 */
const bcPromotionShape = {
  id: z.number().int(),
  redemption_type: z.enum(['AUTOMATIC', 'COUPON']),
  name: z.string(),
  display_name: z.string().optional(),
  rules: z.array(bcRuleSchema),
  current_uses: z.number().int().default(0),
  max_uses: z.number().int().optional(),
  status: z.enum(['ENABLED', 'DISABLED', 'INVALID']),
  start_date: z.string(),
  end_date: z.string().nullable().optional(),
};
export const bcPromotionSchema = z.looseObject(bcPromotionShape);
/** The same shape for list items: `HttpClient` remembers one envelope per item schema. */
export const bcPromotionListItemSchema = z.looseObject(bcPromotionShape);
export type BcPromotion = z.infer<typeof bcPromotionSchema>;

/** `CouponCode`. */
const bcPromotionCodeShape = {
  id: z.number().int(),
  code: z.string(),
  current_uses: z.number().int(),
  max_uses: z.number().int().optional(),
  max_uses_per_customer: z.number().int().optional(),
  created: z.string(),
};
export const bcPromotionCodeSchema = z.looseObject(bcPromotionCodeShape);
export const bcPromotionCodeListItemSchema = z.looseObject(bcPromotionCodeShape);
export type BcPromotionCode = z.infer<typeof bcPromotionCodeSchema>;

/** `DraftCouponPromotion`: what the gateway sends (coupon promotions with one cart-value rule). */
export interface BcCouponPromotionInput {
  redemption_type: 'COUPON';
  name: string;
  display_name?: string;
  rules: { action: { cart_value: { discount: BcDiscount } } }[];
  status: 'ENABLED' | 'DISABLED';
  start_date?: string;
  end_date?: string;
  coupon_type?: 'SINGLE';
}

/** `PatchCouponPromotion`: any of the draft's fields. */
export type BcPromotionPatch = Partial<Omit<BcCouponPromotionInput, 'redemption_type'>>;

/** The `createPromotionCode` body. */
export interface BcPromotionCodeInput {
  code: string;
  max_uses?: number;
  max_uses_per_customer?: number;
}
