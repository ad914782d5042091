import type { CartsApi } from '../../datasources/carts.js';

/** Per-request memos of carts and checkouts (never the shared entity cache: they are personal). */
export type CartLoaders = {};

export function createCartLoaders(carts: CartsApi): CartLoaders {
  void carts;
  return {};
}
