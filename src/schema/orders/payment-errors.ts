import { builder } from '../builder.js';
import { ErrorInterface, UserError } from '../errors.js';

/** The payment gateway declined the charge: the shopper can try another instrument. */
export class PaymentDeclinedError extends UserError {
  override readonly name = 'PaymentDeclinedError';
  readonly code = 'PAYMENT_DECLINED';
}

builder.objectType(PaymentDeclinedError, {
  name: 'PaymentDeclinedError',
  description: 'The payment was declined; nothing was charged. Another instrument may work.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof PaymentDeclinedError,
});
