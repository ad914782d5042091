/**
 * The sandbox's coupons. BigCommerce's coupon types are numbered (`coupon_type` in carts.v3.yml:
 * 1 `percentage_discount`, 2 `per_total_discount`); these two are the ones seeded. Codes compare
 * without regard to case, as the platform's do.
 */
export interface SandboxCoupon {
  id: number;
  code: string;
  displayName: string;
  type: 'percentage_discount' | 'per_total_discount';
  /** Percent off (percentage) or cents off the order (per total). */
  amount: number;
}

export const SANDBOX_COUPONS = {
  /** 10% off the items. */
  percentage: {
    id: 1,
    code: 'SAVE10',
    displayName: '10% off',
    type: 'percentage_discount',
    amount: 10,
  },
  /** $5.00 off the order (never more than the items cost). */
  fixedAmount: {
    id: 2,
    code: 'FIVEOFF',
    displayName: '$5 off',
    type: 'per_total_discount',
    amount: 500,
  },
} as const satisfies Record<string, SandboxCoupon>;

const BY_CODE = new Map<string, SandboxCoupon>(
  Object.values(SANDBOX_COUPONS).map((coupon) => [coupon.code.toUpperCase(), coupon]),
);

/** What else can name a coupon: the store's promotion codes (`sandbox/promotions/store.ts`). */
export interface CouponSource {
  findCoupon(code: string): SandboxCoupon | undefined;
}

// Keyed by object so two sandboxes in one process never see each other's codes: a source is
// registered for a cart store, and a code applied to a cart is remembered on that cart record, so
// pricing (which sees only the cart) prices it as it was when applied.
const sources = new WeakMap<object, CouponSource>();
const applied = new WeakMap<object, Map<string, SandboxCoupon>>();

export function registerCouponSource(owner: object, source: CouponSource): void {
  sources.set(owner, source);
}

export function rememberCoupon(cart: object, coupon: SandboxCoupon): void {
  const codes = applied.get(cart) ?? new Map<string, SandboxCoupon>();
  codes.set(coupon.code.toUpperCase(), coupon);
  applied.set(cart, codes);
}

/**
 * A seeded coupon, else one `scope` knows: the promotion codes of a cart store (`scope` = the
 * `CartStore`) or a code already applied to a cart (`scope` = the cart record).
 */
export function findCoupon(code: string, scope?: object): SandboxCoupon | undefined {
  const key = code.trim().toUpperCase();
  const seeded = BY_CODE.get(key);
  if (seeded || !scope) return seeded;
  return applied.get(scope)?.get(key) ?? sources.get(scope)?.findCoupon(key);
}

/** The numbered `coupon_type` the cart answers carry (carts.v3.yml's enum "0".."5"). */
export const couponTypeNumber = (coupon: SandboxCoupon): string =>
  coupon.type === 'percentage_discount' ? '1' : '2';
