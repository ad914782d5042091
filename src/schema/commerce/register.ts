// Carts and checkouts: types, queries and mutations, in dependency order.
import './commerce-errors.js';
import './cart.js';
import './checkout.js';
import './cart-mutations.js';
import './checkout-mutations.js';
import './place-order.js';
