import { z } from 'zod';
import type { BcCustomerAddress } from '../../datasources/schemas/customers.js';
import { builder } from '../builder.js';
import { InvalidInputError, NotFoundError } from '../commerce/common-errors.js';
import { LOOKUP, UPSTREAM_CALL } from '../query-cost.js';
import { AddressInput, toAddressFields } from './address-input.js';
import { AddressRef, CustomerRef } from './customer.js';
import { auditedWrite } from './customer-audit.js';
import { ADDRESS_INPUT_PATHS, toInputError } from './customer-errors.js';
import { forgetCustomer, loadWritableAddress, targetCustomerId } from './customer-target.js';

/** A customer on their own addresses, or a key with `customers:write` on anyone's. */
const WRITERS = { customer: true, scope: 'customers:write' } as const;
const ERRORS = [InvalidInputError, NotFoundError];
const entityId = z.number().int().positive('must be a positive id');

interface AddressPayload {
  address: BcCustomerAddress;
}

const AddressPayloadRef = builder.objectRef<AddressPayload>('CustomerAddressPayload').implement({
  description: 'An address as a write left it, with its customer.',
  fields: (t) => ({
    address: t.field({
      type: AddressRef,
      description: 'The address.',
      resolve: (p) => p.address,
    }),
    customer: t.field({
      type: CustomerRef,
      nullable: true,
      description: 'The customer whose address it is.',
      complexity: LOOKUP,
      resolve: (p, _args, ctx) => ctx.customerLoaders.customerById.load(p.address.customer_id),
    }),
  }),
});

const DeletedAddressRef = builder
  .objectRef<{ addressId: number; customerId: number }>('DeleteCustomerAddressPayload')
  .implement({
    description: 'The outcome of `deleteCustomerAddress`.',
    fields: (t) => ({
      deletedAddressEntityId: t.exposeInt('addressId', {
        description: 'BigCommerce id of the address deleted.',
      }),
      customer: t.field({
        type: CustomerRef,
        nullable: true,
        description: 'The customer, without the address.',
        complexity: LOOKUP,
        resolve: (p, _args, ctx) => ctx.customerLoaders.customerById.load(p.customerId),
      }),
    }),
  });

const AddCustomerAddressInput = builder.inputType('AddCustomerAddressInput', {
  description: 'A new address for the signed-in customer (or, for keys, the customer named).',
  fields: (t) => ({
    customerEntityId: t.int({
      description: 'Keys with `customers:write` only: whose address book. Customers leave it out.',
      validate: entityId,
    }),
    address: t.field({ type: AddressInput, required: true, description: 'The address.' }),
  }),
});

const UpdateCustomerAddressInput = builder.inputType('UpdateCustomerAddressInput', {
  description: 'Replaces a saved address.',
  fields: (t) => ({
    addressEntityId: t.int({ required: true, description: 'The address.', validate: entityId }),
    address: t.field({ type: AddressInput, required: true, description: 'Its new content.' }),
  }),
});

const DeleteCustomerAddressInput = builder.inputType('DeleteCustomerAddressInput', {
  description: 'A saved address to delete.',
  fields: (t) => ({
    addressEntityId: t.int({ required: true, description: 'The address.', validate: entityId }),
  }),
});

// BigCommerce leaves an address out of its answer when the customer has an identical one.
const alreadySaved = () =>
  new InvalidInputError('This address is saved already.', { field: 'input.address' });

builder.mutationField('addCustomerAddress', (t) =>
  t.field({
    type: AddressPayloadRef,
    description: 'Saves a new address to a customer’s address book.',
    authScopes: WRITERS,
    args: {
      input: t.arg({ type: AddCustomerAddressInput, required: true, description: 'The address.' }),
    },
    errors: {
      types: ERRORS,
      directResult: true,
      union: { name: 'AddCustomerAddressResult', description: 'The address, or why not.' },
    },
    complexity: UPSTREAM_CALL,
    resolve: (_root, { input }, ctx) =>
      auditedWrite(ctx, 'addCustomerAddress', {}, async (note) => {
        const customerId = targetCustomerId(ctx, input.customerEntityId);
        note({ customerId });
        const created = await ctx.customers
          .createAddress(customerId, toAddressFields(input.address))
          .catch((error: unknown) => {
            throw toInputError(error, ADDRESS_INPUT_PATHS, ['customer_id']);
          });
        if (!created) throw alreadySaved();
        note({ addressId: created.id });
        forgetCustomer(ctx, customerId);
        return { address: created };
      }),
  }),
);

builder.mutationField('updateCustomerAddress', (t) =>
  t.field({
    type: AddressPayloadRef,
    description: 'Replaces one of a customer’s saved addresses.',
    authScopes: WRITERS,
    args: {
      input: t.arg({
        type: UpdateCustomerAddressInput,
        required: true,
        description: 'The change.',
      }),
    },
    errors: {
      types: ERRORS,
      directResult: true,
      union: { name: 'UpdateCustomerAddressResult', description: 'The address, or why not.' },
    },
    // The ownership lookup, then the write.
    complexity: 2 * UPSTREAM_CALL,
    resolve: (_root, { input }, ctx) =>
      auditedWrite(
        ctx,
        'updateCustomerAddress',
        { addressId: input.addressEntityId },
        async (note) => {
          const current = await loadWritableAddress(ctx, input.addressEntityId);
          note({ customerId: current.customer_id });
          const updated = await ctx.customers
            .updateAddress(current.id, toAddressFields(input.address))
            .catch((error: unknown) => {
              throw toInputError(error, ADDRESS_INPUT_PATHS, ['id']);
            });
          if (!updated) throw alreadySaved();
          forgetCustomer(ctx, current.customer_id);
          ctx.customerLoaders.addressById.clear(current.id);
          return { address: updated };
        },
      ),
  }),
);

builder.mutationField('deleteCustomerAddress', (t) =>
  t.field({
    type: DeletedAddressRef,
    description: 'Deletes one of a customer’s saved addresses.',
    authScopes: WRITERS,
    args: {
      input: t.arg({
        type: DeleteCustomerAddressInput,
        required: true,
        description: 'The address.',
      }),
    },
    errors: {
      types: [NotFoundError],
      directResult: true,
      union: { name: 'DeleteCustomerAddressResult', description: 'The deleted id, or why not.' },
    },
    complexity: 2 * UPSTREAM_CALL,
    resolve: (_root, { input }, ctx) =>
      auditedWrite(
        ctx,
        'deleteCustomerAddress',
        { addressId: input.addressEntityId },
        async (note) => {
          const current = await loadWritableAddress(ctx, input.addressEntityId);
          note({ customerId: current.customer_id });
          await ctx.customers.deleteAddresses([current.id]);
          forgetCustomer(ctx, current.customer_id);
          ctx.customerLoaders.addressById.clear(current.id);
          return { addressId: current.id, customerId: current.customer_id };
        },
      ),
  }),
);
