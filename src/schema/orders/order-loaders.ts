import DataLoader from 'dataloader';
import type { OrdersApi } from '../../datasources/orders.js';
import type {
  BcOrder,
  BcOrderProduct,
  BcOrderShippingAddress,
  BcShipment,
} from '../../datasources/schemas/orders.js';

/**
 * Per-request memos of orders and their sub-resources (never the shared entity cache: orders are
 * personal). v2 has no `id:in` for orders or their sub-resources, so each key is one call; the
 * memo still makes every field of one order page share one call per resource.
 */
export interface OrderLoaders {
  orderById: DataLoader<number, BcOrder | null>;
  productsByOrderId: DataLoader<number, BcOrderProduct[]>;
  shippingAddressesByOrderId: DataLoader<number, BcOrderShippingAddress[]>;
  shipmentsByOrderId: DataLoader<number, BcShipment[]>;
  /** Orders this request placed or paid: readable whoever the viewer (`grantPlacedOrder`). */
  grantedOrderIds: Set<number>;
}

/** One call per key, run together; a failed key fails alone. */
function perKey<K, V>(load: (key: K) => Promise<V>): DataLoader<K, V> {
  return new DataLoader<K, V>((keys) =>
    Promise.all(keys.map((key) => load(key).catch((error: unknown) => toError(error)))),
  );
}

const toError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));

export function createOrderLoaders(orders: OrdersApi): OrderLoaders {
  return {
    orderById: perKey((id) => orders.getOrder(id)),
    productsByOrderId: perKey((id) => orders.getOrderProducts(id)),
    shippingAddressesByOrderId: perKey((id) => orders.getShippingAddresses(id)),
    shipmentsByOrderId: perKey((id) => orders.getShipments(id)),
    grantedOrderIds: new Set(),
  };
}
