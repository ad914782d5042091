import { builder } from '../builder.js';
import { ErrorInterface, UserError } from '../errors.js';

/** A change would take stock below zero (BigCommerce refuses it): nothing was changed. */
export class InsufficientStockError extends UserError {
  override readonly name = 'InsufficientStockError';
  readonly code = 'INSUFFICIENT_STOCK';
}

builder.objectType(InsufficientStockError, {
  name: 'InsufficientStockError',
  description: 'A `delta` would take stock below zero at its location; `field` names the item.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InsufficientStockError,
});
