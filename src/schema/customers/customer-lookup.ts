import { z } from 'zod';
import { builder } from '../builder.js';
import { UPSTREAM_CALL } from '../query-cost.js';
import { CustomerRef } from './customer.js';

builder.queryField('customer', (t) =>
  t.field({
    type: CustomerRef,
    nullable: true,
    description:
      'A customer by BigCommerce id or by email (exactly one), for keys with `customers:read`; null when none matches.',
    authScopes: { scope: 'customers:read' },
    args: {
      entityId: t.arg.int({ description: 'BigCommerce customer id.' }),
      email: t.arg.string({ description: 'Email address (compared without regard to case).' }),
    },
    validate: z
      .object({
        entityId: z.number().int().positive('must be a positive id').nullish(),
        email: z.email('must be a valid email address').max(250).nullish(),
      })
      .refine((args) => (args.entityId == null) !== (args.email == null), {
        message: 'give exactly one of entityId and email',
      }),
    complexity: UPSTREAM_CALL,
    resolve: async (_root, args, ctx) => {
      if (args.entityId != null) return ctx.customerLoaders.customerById.load(args.entityId);
      const found = await ctx.customers.getCustomerByEmail(String(args.email).trim(), {
        include: ['addresses', 'storecredit'],
      });
      if (found) ctx.customerLoaders.customerById.prime(found.id, found);
      return found;
    },
  }),
);
