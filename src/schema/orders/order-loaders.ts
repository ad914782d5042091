import type { OrdersApi } from '../../datasources/orders.js';

/** Per-request memos of orders and their sub-resources (never the shared entity cache). */
export type OrderLoaders = {};

export function createOrderLoaders(orders: OrdersApi): OrderLoaders {
  void orders;
  return {};
}
