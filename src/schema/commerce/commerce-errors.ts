import { builder } from '../builder.js';
import { errorTypeOptions, UserError } from '../errors.js';

/** More of an item than the store has in stock. */
export class OutOfStockError extends UserError {
  override readonly name = 'OutOfStockError';
  readonly code = 'OUT_OF_STOCK';
}

/** Fewer or more of a product than it may be bought in (`order_quantity_minimum/maximum`). */
export class QuantityLimitError extends UserError {
  override readonly name = 'QuantityLimitError';
  readonly code = 'QUANTITY_LIMIT';
}

export class InvalidCouponError extends UserError {
  override readonly name = 'InvalidCouponError';
  readonly code = 'INVALID_COUPON';
  constructor() {
    super('The coupon code is not valid.', { field: 'input.code' });
  }
}

export class InvalidAddressError extends UserError {
  override readonly name = 'InvalidAddressError';
  readonly code = 'INVALID_ADDRESS';
}

/** BigCommerce's 409: the cart changed underneath (another device, a promotion): reload and retry. */
export class CartChangedError extends UserError {
  override readonly name = 'CartChangedError';
  readonly code = 'CART_CHANGED';
  constructor() {
    super('The cart changed while this change was made: load it again and retry.');
  }
}

/** An order needs a billing address and, for physical items, a chosen shipping option. */
export class CheckoutIncompleteError extends UserError {
  override readonly name = 'CheckoutIncompleteError';
  readonly code = 'CHECKOUT_INCOMPLETE';
}

builder.objectType(OutOfStockError, {
  name: 'OutOfStockError',
  ...errorTypeOptions(
    OutOfStockError,
    'The store does not have that many in stock; `field` names the quantity.',
  ),
});
builder.objectType(QuantityLimitError, {
  name: 'QuantityLimitError',
  ...errorTypeOptions(
    QuantityLimitError,
    'The product may only be bought in a minimum or maximum quantity per order.',
  ),
});
builder.objectType(InvalidCouponError, {
  name: 'InvalidCouponError',
  ...errorTypeOptions(
    InvalidCouponError,
    'The coupon code does not exist, has expired or does not apply.',
  ),
});
builder.objectType(InvalidAddressError, {
  name: 'InvalidAddressError',
  ...errorTypeOptions(
    InvalidAddressError,
    'BigCommerce refused a field of the address; `field` names it.',
  ),
});
builder.objectType(CartChangedError, {
  name: 'CartChangedError',
  ...errorTypeOptions(
    CartChangedError,
    'The cart changed underneath this change (a version conflict).',
  ),
});
builder.objectType(CheckoutIncompleteError, {
  name: 'CheckoutIncompleteError',
  ...errorTypeOptions(
    CheckoutIncompleteError,
    'The checkout lacks what an order needs: a billing address, or a shipping option for each consignment.',
  ),
});
