import type { BcCheckout } from '../../datasources/schemas/checkouts.js';
import { builder } from '../builder.js';

/** Declared apart from its fields so `Cart.checkout` and `Checkout.cart` can name each other. */
export const CheckoutRef = builder.objectRef<BcCheckout>('Checkout');
