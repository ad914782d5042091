import { z } from 'zod';
import type { Context } from '../../context.js';
import { UpstreamInputError, UpstreamNotFoundError } from '../../datasources/errors.js';
import type { BcCheckout } from '../../datasources/schemas/checkouts.js';
import { builder } from '../builder.js';
import type { UserError } from '../errors.js';
import { UPSTREAM_CALL } from '../query-cost.js';
import { loadCheckoutForViewer } from './cart-access.js';
import { checkoutLoader } from './checkout-loader.js';
import { CheckoutRef } from './checkout-ref.js';
import { CartChangedError, InvalidAddressError, InvalidCouponError } from './commerce-errors.js';
import { InvalidInputError, NotFoundError } from './common-errors.js';
import { CheckoutAddressInput, cartIdSchema, toAddressInput } from './inputs.js';
import { assertMayWrite, audited } from './write-guard.js';

const camel = (key: string) => key.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

/** A refused checkout write as a typed error; `kind` says what the input was about. */
function checkoutRefusal(kind: 'address' | 'option' | 'coupon' | 'removeCoupon') {
  return (error: unknown): UserError | null => {
    if (error instanceof UpstreamNotFoundError) {
      if (kind === 'removeCoupon')
        return new NotFoundError('That coupon is not applied.', { field: 'input.code' });
      if (kind === 'option') {
        return new NotFoundError('There is no such consignment.', {
          field: 'input.consignmentEntityId',
        });
      }
      return new NotFoundError('There is no such checkout.', { field: 'input.checkoutId' });
    }
    if (!(error instanceof UpstreamInputError)) return null;
    if (error.status === 409) return new CartChangedError();
    if (kind === 'coupon') return new InvalidCouponError();
    const key = Object.keys(error.fields)[0] ?? '';
    if (kind === 'option') {
      return new InvalidInputError('That shipping option is not available.', {
        field: 'input.shippingOptionEntityId',
      });
    }
    const leaf = key.split('.').pop() ?? '';
    const field =
      /^(first_name|last_name|email|company|address[12]|city|state_or_province(_code)?|postal_code|country_code|phone)$/.test(
        leaf,
      )
        ? `input.address.${camel(leaf)}`
        : 'input.address';
    return new InvalidAddressError('BigCommerce refused the address.', { field });
  };
}

async function reachableCheckout(ctx: Context, checkoutId: string): Promise<BcCheckout> {
  const checkout = await loadCheckoutForViewer(ctx, checkoutId);
  if (!checkout)
    throw new NotFoundError('There is no such checkout.', { field: 'input.checkoutId' });
  return checkout;
}

const remember = (ctx: Context, checkout: BcCheckout): BcCheckout => {
  checkoutLoader(ctx).clear(checkout.id).prime(checkout.id, checkout);
  ctx.cartLoaders.cartById.clear(checkout.id);
  return checkout;
};

const payloads = new Map<string, ReturnType<typeof payloadRef>>();
function payloadRef(name: string) {
  return builder.objectRef<{ checkout: BcCheckout }>(name).implement({
    description: 'The checkout as it is now.',
    fields: (t) => ({
      checkout: t.field({
        type: CheckoutRef,
        description: 'The checkout.',
        resolve: (p) => p.checkout,
      }),
    }),
  });
}
const payload = (name: string) => {
  const ref = payloads.get(name) ?? payloadRef(name);
  payloads.set(name, ref);
  return ref;
};

/** One checkout mutation: checks, the reachable checkout, the write, audit and typed refusals. */
function checkoutMutation<Input extends { checkoutId: string | number }>(
  name: string,
  options: {
    description: string;
    input: Parameters<typeof builder.inputType>[1];
    errors: (new (...args: never[]) => UserError)[];
    refusal: (error: unknown) => UserError | null;
    details?: (input: Input) => Record<string, string | number>;
    write: (ctx: Context, checkout: BcCheckout, input: Input) => Promise<BcCheckout>;
  },
) {
  const typeName = name[0]?.toUpperCase() + name.slice(1);
  const Input = builder.inputType(`${typeName}Input`, options.input);
  builder.mutationField(name, (t) =>
    t.field({
      type: payload(`${typeName}Payload`),
      description: options.description,
      args: { input: t.arg({ type: Input, required: true, description: 'What to change.' }) },
      errors: {
        types: [NotFoundError, CartChangedError, ...options.errors],
        directResult: true,
        union: {
          name: `${typeName}Result`,
          description: 'The checkout, or why it did not change.',
        },
      },
      complexity: 2 * UPSTREAM_CALL,
      resolve: async (_root, args, ctx) => {
        assertMayWrite(ctx, 'checkout:write');
        const input = args.input as unknown as Input;
        const checkoutId = String(input.checkoutId);
        const checkout = await audited(
          ctx,
          name,
          { checkoutId, ...options.details?.(input) },
          async () =>
            remember(
              ctx,
              await options.write(ctx, await reachableCheckout(ctx, checkoutId), input),
            ),
          options.refusal,
        );
        return { checkout };
      },
    }),
  );
}

type AddressArgs = Parameters<typeof toAddressInput>[0];
const checkoutId = { description: 'Checkout id (the cart’s UUID).', validate: cartIdSchema };

checkoutMutation<{ checkoutId: string; address: AddressArgs }>('setCheckoutBillingAddress', {
  description: 'Sets (or replaces) the billing address.',
  input: {
    description: 'The checkout and its billing address.',
    fields: (t) => ({
      checkoutId: t.id({ required: true, ...checkoutId }),
      address: t.field({
        type: CheckoutAddressInput,
        required: true,
        description: 'The billing address.',
      }),
    }),
  },
  errors: [InvalidAddressError],
  refusal: checkoutRefusal('address'),
  write: (ctx, checkout, input) => {
    const existing = checkout.billing_address?.email ? checkout.billing_address.id : undefined;
    return ctx.checkouts.setBillingAddress(
      checkout.id,
      toAddressInput(input.address),
      existing === undefined ? undefined : String(existing),
    );
  },
});

checkoutMutation<{ checkoutId: string; address: AddressArgs; lineItemEntityIds?: string[] | null }>(
  'setCheckoutShippingAddress',
  {
    description:
      'Ships items to an address (a consignment); its shipping options follow. Without `lineItemEntityIds`, every physical item.',
    input: {
      description: 'The checkout, the address and the items that ship there.',
      fields: (t) => ({
        checkoutId: t.id({ required: true, ...checkoutId }),
        address: t.field({
          type: CheckoutAddressInput,
          required: true,
          description: 'The shipping address.',
        }),
        lineItemEntityIds: t.stringList({
          required: false,
          description: 'The line items that ship there (default: all physical items).',
          validate: z.array(z.string().min(1).max(64)).min(1).max(100).nullish(),
        }),
      }),
    },
    errors: [InvalidAddressError, InvalidInputError],
    refusal: checkoutRefusal('address'),
    write: (ctx, checkout, input) => {
      const physical = checkout.cart.line_items?.physical_items ?? [];
      const wanted = input.lineItemEntityIds ?? physical.map((i) => i.id);
      const lineItems = wanted.map((id, i) => {
        const item = physical.find((p) => p.id === id);
        if (!item) {
          throw new InvalidInputError('Not a physical item of this cart.', {
            field: `input.lineItemEntityIds.${i}`,
          });
        }
        return { itemId: item.id, quantity: item.quantity };
      });
      const address = toAddressInput(input.address);
      // One shipping address per checkout here: an existing consignment is moved, not duplicated.
      const current = checkout.consignments[0];
      return current
        ? ctx.checkouts.updateConsignment(checkout.id, current.id, { address, lineItems })
        : ctx.checkouts.addConsignment(checkout.id, { address, lineItems });
    },
  },
);

checkoutMutation<{
  checkoutId: string;
  consignmentEntityId: string;
  shippingOptionEntityId: string;
}>('selectCheckoutShippingOption', {
  description: 'Chooses how a consignment ships (one of its `availableShippingOptions`).',
  input: {
    description: 'The consignment and the option.',
    fields: (t) => ({
      checkoutId: t.id({ required: true, ...checkoutId }),
      consignmentEntityId: t.string({
        required: true,
        description: 'The consignment.',
        validate: z.string().min(1).max(64),
      }),
      shippingOptionEntityId: t.string({
        required: true,
        description: 'The shipping option.',
        validate: z.string().min(1).max(64),
      }),
    }),
  },
  errors: [InvalidInputError],
  refusal: checkoutRefusal('option'),
  details: (input) => ({ consignmentId: input.consignmentEntityId }),
  write: (ctx, checkout, input) => {
    if (!checkout.consignments.some((c) => c.id === input.consignmentEntityId)) {
      throw new NotFoundError('There is no such consignment.', {
        field: 'input.consignmentEntityId',
      });
    }
    return ctx.checkouts.updateConsignment(checkout.id, input.consignmentEntityId, {
      shippingOptionId: input.shippingOptionEntityId,
    });
  },
});

const couponInput = (description: string) => ({
  description,
  fields: (t: Parameters<NonNullable<Parameters<typeof builder.inputType>[1]['fields']>>[0]) => ({
    checkoutId: t.id({ required: true, ...checkoutId }),
    code: t.string({
      required: true,
      description: 'The coupon code.',
      validate: z.string().trim().min(1).max(50),
    }),
  }),
});

checkoutMutation<{ checkoutId: string; code: string }>('applyCheckoutCoupon', {
  description: 'Applies a coupon code.',
  input: couponInput('The checkout and the code.'),
  errors: [InvalidCouponError],
  refusal: checkoutRefusal('coupon'),
  write: (ctx, checkout, input) => ctx.checkouts.addCoupon(checkout.id, input.code.trim()),
});

checkoutMutation<{ checkoutId: string; code: string }>('removeCheckoutCoupon', {
  description: 'Removes an applied coupon.',
  input: couponInput('The checkout and the code.'),
  errors: [],
  refusal: checkoutRefusal('removeCoupon'),
  write: (ctx, checkout, input) => ctx.checkouts.removeCoupon(checkout.id, input.code.trim()),
});
