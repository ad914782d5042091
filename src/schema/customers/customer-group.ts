import type { BcCustomerGroup } from '../../datasources/schemas/customers.js';
import { builder } from '../builder.js';
import { LOOKUP, UPSTREAM_CALL } from '../query-cost.js';
import { CustomerRef } from './customer.js';

export const CustomerGroupRef = builder.objectRef<BcCustomerGroup>('CustomerGroup').implement({
  description: 'A customer group (BigCommerce v2): pricing and access rules shared by its members.',
  fields: (t) => ({
    entityId: t.exposeInt('id', { description: 'BigCommerce customer group id.' }),
    name: t.exposeString('name', { description: 'The group’s name (`Wholesale`).' }),
  }),
});

builder.objectField(CustomerRef, 'customerGroup', (t) =>
  t.field({
    type: CustomerGroupRef,
    nullable: true,
    description: 'The customer’s group; null when they are in none.',
    // One listing of every group serves every customer of the request.
    complexity: LOOKUP,
    resolve: (customer, _args, ctx) => {
      const id = customer.customer_group_id ?? 0;
      return id === 0 ? null : ctx.customerLoaders.customerGroupById.load(id);
    },
  }),
);

builder.queryField('customerGroups', (t) =>
  t.field({
    type: [CustomerGroupRef],
    description: 'Every customer group of the store, for keys with `customers:read`.',
    authScopes: { scope: 'customers:read' },
    complexity: UPSTREAM_CALL,
    resolve: async (_root, _args, ctx) => {
      const groups = await ctx.customers.listCustomerGroups();
      // Later `customerGroup` fields of this request need no second listing.
      for (const group of groups) ctx.customerLoaders.customerGroupById.prime(group.id, group);
      return groups;
    },
  }),
);
