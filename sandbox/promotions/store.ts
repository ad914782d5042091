import { registerCouponSource, type SandboxCoupon } from '../carts/coupons.js';
import { HttpError, notFound } from '../http.js';

/** `CouponCode` as promotions.v3.yml answers it. */
export interface PromotionCode {
  id: number;
  code: string;
  current_uses: number;
  max_uses: number;
  max_uses_per_customer: number;
  created: string;
}

/** `Discount`: a percentage (`percentage_amount`) or money (`fixed_amount`), both decimal text. */
export type PromotionDiscount = { percentage_amount: string } | { fixed_amount: string };

/**
 * A promotion as the sandbox keeps it. Rules are stored as sent (the spec's `Rule` tree is large);
 * only a `cart_value` action with a discount is understood when a code is applied.
 */
export interface Promotion {
  id: number;
  redemption_type: 'COUPON' | 'AUTOMATIC';
  name: string;
  display_name: string;
  channels: { id: number }[];
  customer: Record<string, unknown>;
  rules: Record<string, unknown>[];
  current_uses: number;
  max_uses?: number;
  status: 'ENABLED' | 'DISABLED' | 'INVALID';
  start_date: string;
  end_date: string | null;
  stop: boolean;
  can_be_used_with_other_promotions: boolean;
  coupon_overrides_other_promotions: boolean;
  currency_code: string;
  notifications: unknown[];
  coupon_type: 'SINGLE' | 'BULK';
  codes: PromotionCode[];
}

export type PromotionDraft = Omit<Promotion, 'id' | 'current_uses' | 'codes'>;
export type PromotionPatch = Partial<Omit<PromotionDraft, 'redemption_type'>>;

/** Code ids start above the seeded coupons' (1, 2) so a cart's `coupons[].id` never collides. */
const FIRST_CODE_ID = 101;

/** `12.95` → `1295` from the decimal text, rounded half up past the cent, with no float math. */
export function moneyTextToCents(text: string): number {
  const [whole = '0', fraction = ''] = text.split('.');
  const thousandths = Number(whole) * 1000 + Number(fraction.slice(0, 3).padEnd(3, '0'));
  return Math.floor((thousandths + 5) / 10);
}

/** The discount of the first `cart_value` rule, if the promotion has one. */
function cartValueDiscount(promotion: Promotion): PromotionDiscount | undefined {
  for (const rule of promotion.rules) {
    const action = rule.action as { cart_value?: { discount?: PromotionDiscount } } | undefined;
    const discount = action?.cart_value?.discount;
    if (discount) return discount;
  }
  return undefined;
}

/** Promotions with their codes; codes are unique across the store, compared without case. */
export class PromotionStore {
  private readonly promotions: Promotion[] = [];
  private nextId = 1;
  private nextCodeId = FIRST_CODE_ID;

  /** `carts`: the cart store whose checkouts take these codes (`findCoupon(code, carts)`). */
  constructor(
    carts: object,
    private readonly now: () => number = Date.now,
  ) {
    registerCouponSource(carts, this);
  }

  list(): readonly Promotion[] {
    return this.promotions;
  }

  get(id: number): Promotion {
    const found = this.promotions.find((p) => p.id === id);
    if (!found) throw notFound('promotion');
    return found;
  }

  create(draft: PromotionDraft): Promotion {
    const promotion: Promotion = { ...draft, id: this.nextId++, current_uses: 0, codes: [] };
    this.promotions.push(promotion);
    return promotion;
  }

  update(id: number, patch: PromotionPatch): Promotion {
    const promotion = this.get(id);
    Object.assign(promotion, patch);
    return promotion;
  }

  /** Deleting an unknown id is a success (the spec's 204 "or the resource does not exist"). */
  delete(id: number): void {
    const index = this.promotions.findIndex((p) => p.id === id);
    if (index >= 0) this.promotions.splice(index, 1);
  }

  addCode(
    promotionId: number,
    input: { code: string; max_uses?: number; max_uses_per_customer?: number },
  ): PromotionCode {
    const promotion = this.get(promotionId);
    if (promotion.redemption_type !== 'COUPON') {
      throw new HttpError(422, 'Only coupon promotions have codes.', {
        promotion_id: 'is not a coupon promotion',
      });
    }
    if (this.findCode(input.code)) {
      throw new HttpError(409, 'The coupon code is already in use.', {
        code: 'is already in use',
      });
    }
    const code: PromotionCode = {
      id: this.nextCodeId++,
      code: input.code,
      current_uses: 0,
      max_uses: input.max_uses ?? 0,
      max_uses_per_customer: input.max_uses_per_customer ?? 0,
      created: new Date(this.now()).toISOString(),
    };
    promotion.codes.push(code);
    return code;
  }

  deleteCode(promotionId: number, codeId: number): void {
    const promotion = this.get(promotionId);
    promotion.codes = promotion.codes.filter((c) => c.id !== codeId);
  }

  /**
   * The coupon a shopper's code stands for, in the checkout's terms, when its promotion is enabled,
   * within its dates, has uses left and gives a `cart_value` discount.
   */
  findCoupon(text: string): SandboxCoupon | undefined {
    const found = this.findCode(text);
    if (!found) return undefined;
    const { promotion, code } = found;
    const now = this.now();
    const started = Date.parse(promotion.start_date) <= now;
    const ended = promotion.end_date !== null && Date.parse(promotion.end_date) < now;
    const usesLeft =
      (code.max_uses === 0 || code.current_uses < code.max_uses) &&
      (!promotion.max_uses || promotion.current_uses < promotion.max_uses);
    const discount = cartValueDiscount(promotion);
    if (promotion.status !== 'ENABLED' || !started || ended || !usesLeft || !discount) {
      return undefined;
    }
    const displayName = promotion.display_name || promotion.name;
    return 'percentage_amount' in discount
      ? {
          id: code.id,
          code: code.code,
          displayName,
          type: 'percentage_discount',
          amount: Number(discount.percentage_amount),
        }
      : {
          id: code.id,
          code: code.code,
          displayName,
          type: 'per_total_discount',
          amount: moneyTextToCents(discount.fixed_amount),
        };
  }

  private findCode(text: string): { promotion: Promotion; code: PromotionCode } | undefined {
    const wanted = text.trim().toUpperCase();
    for (const promotion of this.promotions) {
      const code = promotion.codes.find((c) => c.code.toUpperCase() === wanted);
      if (code) return { promotion, code };
    }
    return undefined;
  }
}
