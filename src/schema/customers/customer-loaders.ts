import DataLoader from 'dataloader';
import type { CustomersApi } from '../../datasources/customers.js';
import type {
  BcCustomer,
  BcCustomerAddress,
  BcCustomerGroup,
  BcStoredCard,
} from '../../datasources/schemas/customers.js';

/**
 * Per-request loaders of customer data. Customers are personal: they never enter the shared
 * entity cache (whose entries any viewer's request may read), only these per-request memos.
 */
export interface CustomerLoaders {
  /** With addresses (up to the 10 BigCommerce includes) and store credit, in one call. */
  customerById: DataLoader<number, BcCustomer | null>;
  /** Every address, for a customer with more than the included ones. */
  addressesByCustomerId: DataLoader<number, BcCustomerAddress[]>;
  /** Addresses by their own id (any customer's: callers check ownership). */
  addressById: DataLoader<number, BcCustomerAddress | null>;
  /** Customer groups: one listing of every group serves the whole batch. */
  customerGroupById: DataLoader<number, BcCustomerGroup | null>;
  /** A customer's saved cards: one call per customer (the endpoint is per customer). */
  storedCardsByCustomerId: DataLoader<number, BcStoredCard[]>;
}

/** BigCommerce's largest page: one batch is one `id:in` call. */
const MAX_BATCH = 250;

/** Results aligned to `ids`, `null` where nothing matched. */
const alignById =
  <T extends { id: number }>(ids: readonly number[]) =>
  (found: readonly T[]): (T | null)[] => {
    const byId = new Map(found.map((item) => [item.id, item]));
    return ids.map((id) => byId.get(id) ?? null);
  };

export function createCustomerLoaders(customers: CustomersApi): CustomerLoaders {
  return {
    customerById: new DataLoader(
      async (ids) =>
        alignById<BcCustomer>(ids)(
          await customers.getCustomersByIds(ids, { include: ['addresses', 'storecredit'] }),
        ),
      { maxBatchSize: MAX_BATCH },
    ),
    addressesByCustomerId: new DataLoader(
      async (ids) => {
        const addresses = await customers.getAddressesByCustomerIds(ids);
        return ids.map((id) => addresses.filter((address) => address.customer_id === id));
      },
      { maxBatchSize: MAX_BATCH },
    ),
    addressById: new DataLoader(
      async (ids) => alignById<BcCustomerAddress>(ids)(await customers.getAddressesByIds(ids)),
      { maxBatchSize: MAX_BATCH },
    ),
    customerGroupById: new DataLoader(async (ids) =>
      alignById<BcCustomerGroup>(ids)(await customers.listCustomerGroups()),
    ),
    storedCardsByCustomerId: new DataLoader(
      (ids) => Promise.all(ids.map((id) => customers.getStoredCards(id))),
      // The calls are per customer anyway; no batch should fan out unbounded.
      { maxBatchSize: 10 },
    ),
  };
}
