import { builder } from '../builder.js';
import { ErrorInterface, UserError } from '../errors.js';

/**
 * The object a mutation names does not exist, or is not the caller's: the same answer for both,
 * so an id reveals nothing about whose it is.
 */
export class NotFoundError extends UserError {
  override readonly name = 'NotFoundError';
  readonly code = 'NOT_FOUND';
}

/** BigCommerce refused a field of the input (its 422), in the gateway's words. */
export class InvalidInputError extends UserError {
  override readonly name = 'InvalidInputError';
  readonly code = 'INVALID_INPUT';
}

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'What the input names does not exist, or is not yours.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
});

builder.objectType(InvalidInputError, {
  name: 'InvalidInputError',
  description: 'A field of the input was refused; `field` names it.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InvalidInputError,
});
