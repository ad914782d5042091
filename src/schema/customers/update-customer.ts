import { z } from 'zod';
import type { Context } from '../../context.js';
import { builder } from '../builder.js';
import { InvalidInputError, NotFoundError } from '../commerce/common-errors.js';
import { LOOKUP, UPSTREAM_CALL } from '../query-cost.js';
import { CustomerRef } from './customer.js';
import { auditedWrite } from './customer-audit.js';
import { CUSTOMER_INPUT_PATHS, toInputError } from './customer-errors.js';
import { customerFields, trimmed } from './customer-input.js';
import { forgetCustomer, targetCustomerId } from './customer-target.js';

const UpdateCustomerInput = builder.inputType('UpdateCustomerInput', {
  description: 'Changes to a customer’s details; fields left out stay as they are.',
  fields: (t) => ({
    customerEntityId: t.int({
      description:
        'Keys with `customers:write` only: the customer to change. Customers leave it out.',
      validate: z.number().int().positive('must be a positive id'),
    }),
    firstName: t.string({ description: 'First name.', validate: customerFields.firstName }),
    lastName: t.string({ description: 'Last name.', validate: customerFields.lastName }),
    company: t.string({
      description: 'Company (empty to clear).',
      validate: customerFields.company,
    }),
    phone: t.string({
      description: 'Phone number (empty to clear).',
      validate: customerFields.phone,
    }),
    customerGroupEntityId: t.int({
      description:
        'Keys with `customers:write` only: the customer group to move them to (0 for none).',
      validate: z.number().int().nonnegative('must be a group id, or 0 for none'),
    }),
  }),
  // Loose: the plugin hands the resolver this schema's output, which must keep every field.
  validate: z
    .looseObject({
      firstName: z.string().nullish(),
      lastName: z.string().nullish(),
      company: z.string().nullish(),
      phone: z.string().nullish(),
      customerGroupEntityId: z.number().nullish(),
    })
    .refine((input) => Object.values(input).some((value) => value != null), {
      message: 'name at least one field to change',
    }),
});

/**
 * The group a write may assign: only keys (a customer cannot move themselves into a price tier),
 * and only one that exists, checked before anything is sent. 0 takes them out of every group.
 */
async function assignableGroup(
  ctx: Context,
  groupId: number | null | undefined,
): Promise<number | undefined> {
  if (groupId == null) return undefined;
  const field = 'input.customerGroupEntityId';
  if (ctx.viewer.kind === 'customer') {
    throw new InvalidInputError('Customers cannot change their own group.', { field });
  }
  if (groupId !== 0 && !(await ctx.customerLoaders.customerGroupById.load(groupId))) {
    throw new NotFoundError('No such customer group.', { field });
  }
  return groupId;
}

const UpdateCustomerPayload = builder
  .objectRef<{ customerId: number }>('UpdateCustomerPayload')
  .implement({
    description: 'The outcome of `updateCustomer`.',
    fields: (t) => ({
      customer: t.field({
        type: CustomerRef,
        nullable: true,
        description: 'The customer, as changed.',
        complexity: LOOKUP,
        resolve: (p, _args, ctx) => ctx.customerLoaders.customerById.load(p.customerId),
      }),
    }),
  });

builder.mutationField('updateCustomer', (t) =>
  t.field({
    type: UpdateCustomerPayload,
    description:
      'Changes a customer’s name, company or phone (the signed-in customer’s own), or, for keys, their group.',
    authScopes: { customer: true, scope: 'customers:write' },
    args: {
      input: t.arg({ type: UpdateCustomerInput, required: true, description: 'The changes.' }),
    },
    errors: {
      types: [InvalidInputError, NotFoundError],
      directResult: true,
      union: { name: 'UpdateCustomerResult', description: 'The customer, or why not.' },
    },
    complexity: UPSTREAM_CALL,
    resolve: (_root, { input }, ctx) =>
      auditedWrite(ctx, 'updateCustomer', {}, async (note) => {
        const customerId = targetCustomerId(ctx, input.customerEntityId);
        note({ customerId });
        const customerGroupId = await assignableGroup(ctx, input.customerGroupEntityId);
        if (customerGroupId !== undefined) note({ customerGroupId });
        await ctx.customers
          .updateCustomer(customerId, {
            firstName: trimmed(input.firstName),
            lastName: trimmed(input.lastName),
            company: trimmed(input.company),
            phone: trimmed(input.phone),
            customerGroupId,
          })
          .catch((error: unknown) => {
            throw toInputError(error, CUSTOMER_INPUT_PATHS, ['id']);
          });
        forgetCustomer(ctx, customerId);
        return { customerId };
      }),
  }),
);
