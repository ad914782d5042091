import { z } from 'zod';
import { HttpError, paginate, readJsonBody } from '../http.js';
import { pageParams } from '../query.js';
import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';
import { addressFilter, customerFilter, sortCustomers } from './filters.js';
import { CUSTOMER_INCLUDES, parseIncludeList, toAddressView, toCustomerView } from './view.js';
import { registerCustomerWriteRoutes } from './write-routes.js';

/** `ValidateCustomerCredentialsObject`: `email` and `password` required, `channel_id` optional. */
const credentialsSchema = z.object({
  email: z.string().min(1),
  password: z.string().min(1),
  channel_id: z.number().int().positive().optional(),
});

const FIELD_MESSAGES: Record<string, string> = {
  email: 'email is required and must be a non-empty string',
  password: 'password is required and must be a non-empty string',
  channel_id: 'channel_id must be a positive integer',
};

/**
 * `customers.v3.yml`: the customer list, the address list and credential validation; the writes,
 * stored instruments and v2 customer groups register from `write-routes.ts`.
 */
export function registerCustomerRoutes(router: Router, store: SandboxStore): void {
  const { customers } = store;
  registerCustomerWriteRoutes(router, store);

  router.get('/v3/customers', ({ query }) => {
    const includes = parseIncludeList(query, CUSTOMER_INCLUDES);
    const page = pageParams(query);
    const matches = customerFilter(query);
    const sorted = sortCustomers(customers.customers.filter(matches), query);
    return paginate(sorted, page, query, (c) => toCustomerView(customers, c, includes));
  });

  router.get('/v3/customers/addresses', ({ query }) => {
    const formFields = parseIncludeList(query, ['formfields'] as const).has('formfields');
    const page = pageParams(query);
    const found = customers.addresses.filter(addressFilter(query));
    return paginate(found, page, query, (a) => toAddressView(a, formFields));
  });

  // Answered bare, without the v3 envelope, as the spec's response object is.
  router.add('POST', '/v3/customers/validate-credentials', async ({ req }) => {
    const parsed = credentialsSchema.safeParse(await readJsonBody(req));
    if (!parsed.success) {
      // Field names only: the values (a password among them) never go into an answer.
      const fields = [
        ...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'body'))),
      ];
      const errors = Object.fromEntries(
        fields.map((field) => [field, FIELD_MESSAGES[field] ?? 'must be an object']),
      );
      throw new HttpError(422, 'JSON data is missing or invalid', errors);
    }
    const { email, password, channel_id } = parsed.data;
    const customerId = await customers.validateCredentials(email, password, channel_id);
    return { body: { is_valid: customerId !== null, customer_id: customerId } };
  });
}
