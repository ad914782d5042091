import { hasScope } from '../../auth/viewer.js';
import type { Context } from '../../context.js';
import type { BcCustomerAddress } from '../../datasources/schemas/customers.js';
import { InvalidInputError, NotFoundError } from '../commerce/common-errors.js';

/**
 * Whose record a customer write changes. A signed-in customer changes their own: naming another
 * id answers `NotFoundError`, as a missing one does. A key with `customers:write` must name one.
 * The field's `authScopes` has already let only those two kinds of caller through.
 */
export function targetCustomerId(ctx: Context, named: number | null | undefined): number {
  const { viewer } = ctx;
  if (viewer.kind === 'customer') {
    if (named != null && named !== viewer.customerId) throw new NotFoundError('No such customer.');
    return viewer.customerId;
  }
  if (named == null) {
    throw new InvalidInputError('API keys name the customer to change.', {
      field: 'input.customerEntityId',
    });
  }
  return named;
}

/**
 * The address, when the caller may change it: a customer's own, or any for `customers:write`
 * keys. Another customer's address and a missing one both answer `NotFoundError`, after the same
 * single lookup, so neither the answer nor its timing tells them apart.
 */
export async function loadWritableAddress(
  ctx: Context,
  addressId: number,
): Promise<BcCustomerAddress> {
  const address = await ctx.customerLoaders.addressById.load(addressId);
  const { viewer } = ctx;
  const mayWrite =
    viewer.kind === 'customer'
      ? address?.customer_id === viewer.customerId
      : hasScope(viewer, 'customers:write');
  if (!address || !mayWrite)
    throw new NotFoundError('No such address.', { field: 'input.addressEntityId' });
  return address;
}

/** A write changed the customer: later reads in this request fetch it again. */
export function forgetCustomer(ctx: Context, customerId: number): void {
  ctx.customerLoaders.customerById.clear(customerId);
  ctx.customerLoaders.addressesByCustomerId.clear(customerId);
}
