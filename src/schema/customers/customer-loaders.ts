import DataLoader from 'dataloader';
import type { CustomersApi } from '../../datasources/customers.js';
import type { BcCustomer, BcCustomerAddress } from '../../datasources/schemas/customers.js';

/**
 * Per-request loaders of customer data. Customers are personal: they never enter the shared
 * entity cache (whose entries any viewer's request may read), only these per-request memos.
 */
export interface CustomerLoaders {
  /** With addresses (up to the 10 BigCommerce includes) and store credit, in one call. */
  customerById: DataLoader<number, BcCustomer | null>;
  /** Every address, for a customer with more than the included ones. */
  addressesByCustomerId: DataLoader<number, BcCustomerAddress[]>;
}

/** BigCommerce's largest page: one batch is one `id:in` call. */
const MAX_BATCH = 250;

export function createCustomerLoaders(customers: CustomersApi): CustomerLoaders {
  return {
    customerById: new DataLoader(
      async (ids) => {
        const found = await customers.getCustomersByIds(ids, {
          include: ['addresses', 'storecredit'],
        });
        const byId = new Map(found.map((customer) => [customer.id, customer]));
        return ids.map((id) => byId.get(id) ?? null);
      },
      { maxBatchSize: MAX_BATCH },
    ),
    addressesByCustomerId: new DataLoader(
      async (ids) => {
        const addresses = await customers.getAddressesByCustomerIds(ids);
        return ids.map((id) => addresses.filter((address) => address.customer_id === id));
      },
      { maxBatchSize: MAX_BATCH },
    ),
  };
}
