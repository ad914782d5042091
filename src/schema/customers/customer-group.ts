import type { BcCustomerGroup } from '../../datasources/schemas/customers.js';
import { builder } from '../builder.js';
import { LOOKUP } from '../query-cost.js';
import { CustomerRef } from './customer.js';

const CustomerGroupRef = builder.objectRef<BcCustomerGroup>('CustomerGroup').implement({
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
