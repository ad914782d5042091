import { HttpError, notFound, readJsonBody, single } from '../http.js';
import { boolParam, intListParam, pageParams, stringParam } from '../query.js';
import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';
import { toGroupView, v2NotFound } from './groups.js';
import {
  addressPostSchema,
  addressPutSchema,
  customerPostSchema,
  customerPutSchema,
  parseBatch,
} from './inputs.js';
import { toAddressView, toCustomerView } from './view.js';
import {
  createAddresses,
  createCustomers,
  deleteAddresses,
  updateAddresses,
  updateCustomers,
} from './writes.js';

/** Writes answer customers with the sub-resources they may have set. */
const WRITE_INCLUDES = new Set(['addresses', 'storecredit'] as const);

/** A required `id:in` (`deleteCustomersAddresses`); `deleteCustomers` tolerates its absence. */
function requiredIds(query: URLSearchParams): number[] {
  const ids = intListParam(query, 'id:in');
  if (!ids) {
    throw new HttpError(422, 'The filter(s) or parameter(s) supplied are invalid.', {
      'id:in': 'id:in is required',
    });
  }
  return ids;
}

/**
 * `customers.v3.yml` writes (customers and addresses, array bodies), stored instruments, and the
 * v2 customer groups of `customers.v2.yml`.
 */
export function registerCustomerWriteRoutes(router: Router, store: SandboxStore): void {
  const { customers } = store;
  const customerViews = (list: Parameters<typeof toCustomerView>[1][]) =>
    single(list.map((c) => toCustomerView(customers, c, WRITE_INCLUDES)));

  router.add('POST', '/v3/customers', async ({ req }) => {
    const items = parseBatch(
      await readJsonBody(req),
      customerPostSchema,
      'Create customers failed.',
    );
    return customerViews(createCustomers(customers, items));
  });

  router.add('PUT', '/v3/customers', async ({ req }) => {
    const items = parseBatch(
      await readJsonBody(req),
      customerPutSchema,
      'Update customers failed.',
    );
    return customerViews(updateCustomers(customers, items));
  });

  // The spec: "If not provided, a 204 is returned, with no changes to the data."
  router.add('DELETE', '/v3/customers', ({ query }) => {
    const ids = intListParam(query, 'id:in');
    if (ids) customers.removeCustomers(new Set(ids));
    return { status: 204, body: undefined };
  });

  router.add('POST', '/v3/customers/addresses', async ({ req }) => {
    const items = parseBatch(
      await readJsonBody(req),
      addressPostSchema,
      'Create addresses failed.',
    );
    return single(createAddresses(customers, items).map((a) => toAddressView(a, false)));
  });

  router.add('PUT', '/v3/customers/addresses', async ({ req }) => {
    const items = parseBatch(await readJsonBody(req), addressPutSchema, 'Update addresses failed.');
    return single(updateAddresses(customers, items).map((a) => toAddressView(a, false)));
  });

  router.add('DELETE', '/v3/customers/addresses', ({ query }) => {
    deleteAddresses(customers, requiredIds(query));
    return { status: 204, body: undefined };
  });

  // A bare array, as the spec's 200 is; an unknown customer is a 404.
  router.get('/v3/customers/{customerId}/stored-instruments', ({ params }) => {
    const id = Number(params.customerId);
    if (!Number.isInteger(id) || !customers.getCustomer(id)) throw notFound('customer');
    return { body: customers.storedInstrumentsOf(id) };
  });

  // v2: bare JSON, `204` for an empty list, errors as a bare array.
  router.get('/v2/customer_groups', ({ query }) => {
    const { page, limit } = pageParams(query);
    const name = stringParam(query, 'name');
    const isDefault = boolParam(query, 'is_default');
    const found = customers.groups.filter(
      (g) =>
        (name === undefined || g.name === name) &&
        (isDefault === undefined || g.is_default === isDefault),
    );
    const slice = found.slice((page - 1) * limit, page * limit);
    return slice.length === 0 ? { status: 204, body: undefined } : { body: slice.map(toGroupView) };
  });

  router.get('/v2/customer_groups/{customer_group_id}', ({ params }) => {
    const group = customers.getGroup(Number(params.customer_group_id));
    return group ? { body: toGroupView(group) } : v2NotFound();
  });
}
