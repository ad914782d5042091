import DataLoader from 'dataloader';
import type { CartsApi } from '../../datasources/carts.js';
import type { BcCart } from '../../datasources/schemas/carts.js';

/**
 * Per-request memos of carts (never the shared entity cache: they are personal). BigCommerce
 * reads carts one at a time, so a batch is one call per id; the memo is what saves calls when a
 * cart is reached twice in one operation. Writes prime the answer they got.
 */
export interface CartLoaders {
  cartById: DataLoader<string, BcCart | null>;
}

export function createCartLoaders(carts: CartsApi): CartLoaders {
  return {
    cartById: new DataLoader((ids) => Promise.all(ids.map((id) => carts.getCart(id)))),
  };
}
