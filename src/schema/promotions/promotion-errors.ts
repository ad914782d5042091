import { builder } from '../builder.js';
import { ErrorInterface, UserError } from '../errors.js';

/** Another promotion's code already has this text (BigCommerce's 409; codes ignore case). */
export class DuplicateCouponCodeError extends UserError {
  override readonly name = 'DuplicateCouponCodeError';
  readonly code = 'DUPLICATE_COUPON_CODE';
}

builder.objectType(DuplicateCouponCodeError, {
  name: 'DuplicateCouponCodeError',
  description: 'The coupon code is taken (by this or another promotion); choose another.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof DuplicateCouponCodeError,
});
