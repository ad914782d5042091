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

export const findCoupon = (code: string): SandboxCoupon | undefined =>
  BY_CODE.get(code.trim().toUpperCase());

/** The numbered `coupon_type` the cart answers carry (carts.v3.yml's enum "0".."5"). */
export const couponTypeNumber = (coupon: SandboxCoupon): string =>
  coupon.type === 'percentage_discount' ? '1' : '2';
