import { GraphQLError } from 'graphql';
import { builder } from '../builder.js';
import { attachGuestCart } from '../commerce/attach-guest-cart.js';
import { InvalidInputError } from '../commerce/common-errors.js';
import { UPSTREAM_CALL } from '../query-cost.js';
import { auditedWrite } from './customer-audit.js';
import { CUSTOMER_INPUT_PATHS, EmailTakenError, toInputError } from './customer-errors.js';
import { customerFields, trimmed } from './customer-input.js';
import { CustomerSession } from './session-mutations.js';

const RegisterCustomerInput = builder.inputType('RegisterCustomerInput', {
  description: 'A new customer account; the customer is signed in at once.',
  fields: (t) => ({
    email: t.string({
      required: true,
      description: 'Email address: the account’s sign-in name, unique in the store.',
      validate: customerFields.email,
    }),
    password: t.string({
      required: true,
      description: 'Password: at least 7 characters, with letters and digits.',
      validate: customerFields.password,
    }),
    firstName: t.string({
      required: true,
      description: 'First name.',
      validate: customerFields.firstName,
    }),
    lastName: t.string({
      required: true,
      description: 'Last name.',
      validate: customerFields.lastName,
    }),
    company: t.string({ description: 'Company.', validate: customerFields.company }),
    phone: t.string({ description: 'Phone number.', validate: customerFields.phone }),
    guestCartId: t.id({
      description: 'A guest cart (BigCommerce cart id) to make the new customer’s.',
    }),
  }),
});

builder.mutationField('registerCustomer', (t) =>
  t.field({
    type: CustomerSession,
    description:
      'Creates a customer account and signs it in, attaching `guestCartId` if given. For anonymous callers.',
    args: {
      input: t.arg({ type: RegisterCustomerInput, required: true, description: 'The account.' }),
    },
    errors: {
      types: [EmailTakenError, InvalidInputError],
      directResult: true,
      union: { name: 'RegisterCustomerResult', description: 'A session, or why there is none.' },
    },
    // The create (the session's customer is answered from it), and a guest cart's read and move.
    complexity: (args) => (args.input.guestCartId == null ? 1 : 3) * UPSTREAM_CALL,
    resolve: (_root, { input }, ctx) => {
      if (ctx.viewer.kind !== 'anonymous') {
        // A signed-in customer or an API key registering accounts is not this mutation's use.
        throw new GraphQLError('Only signed-out callers register an account.', {
          extensions: { code: 'FORBIDDEN' },
        });
      }
      const details = { account: ctx.sessions.accountFingerprint(input.email) };
      return auditedWrite(ctx, 'registerCustomer', details, async (note) => {
        const created = await ctx.customers
          .createCustomer({
            email: input.email.trim(),
            password: input.password,
            firstName: input.firstName.trim(),
            lastName: input.lastName.trim(),
            company: trimmed(input.company),
            phone: trimmed(input.phone),
            channelId: ctx.sessions.channelId,
          })
          .catch((error: unknown) => {
            throw toInputError(error, CUSTOMER_INPUT_PATHS);
          });
        // A new account has no addresses and no credit: the create's answer is the whole record.
        ctx.customerLoaders.customerById.prime(created.id, {
          addresses: [],
          store_credit_amounts: [],
          ...created,
        });
        const tokens = await ctx.sessions.start({
          customerId: created.id,
          customerGroupId: created.customer_group_id ?? 0,
        });
        if (input.guestCartId != null) {
          await attachGuestCart(ctx, String(input.guestCartId), created.id);
        }
        note(
          { customerId: created.id, sessionId: tokens.sessionId },
          {
            kind: 'customer',
            clientIp: ctx.viewer.clientIp,
            customerId: created.id,
            customerGroupId: tokens.customerGroupId,
            sessionId: tokens.sessionId,
          },
        );
        return tokens;
      });
    },
  }),
);
