import { isEmailTaken, refusedFields } from '../../datasources/customers.js';
import { UpstreamInputError } from '../../datasources/errors.js';
import { builder } from '../builder.js';
import { InvalidInputError, NotFoundError } from '../commerce/common-errors.js';
import { ErrorInterface, UserError } from '../errors.js';

/** The email belongs to another customer already (BigCommerce keeps emails unique). */
export class EmailTakenError extends UserError {
  override readonly name = 'EmailTakenError';
  readonly code = 'EMAIL_TAKEN';
  constructor(field = 'input.email') {
    super('An account with this email already exists: sign in instead.', { field });
  }
}

builder.objectType(EmailTakenError, {
  name: 'EmailTakenError',
  description: 'Another customer has this email already; `field` names the input.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof EmailTakenError,
});

/**
 * Where each field of a BigCommerce write body came from in the GraphQL input, for the typed
 * error's `field` (`first_name` → `input.firstName`).
 */
export type InputPaths = Readonly<Record<string, string>>;

export const CUSTOMER_INPUT_PATHS: InputPaths = {
  email: 'input.email',
  first_name: 'input.firstName',
  last_name: 'input.lastName',
  company: 'input.company',
  phone: 'input.phone',
  'authentication.new_password': 'input.password',
};

export const ADDRESS_INPUT_PATHS: InputPaths = {
  first_name: 'input.address.firstName',
  last_name: 'input.address.lastName',
  company: 'input.address.company',
  address1: 'input.address.address1',
  address2: 'input.address.address2',
  city: 'input.address.city',
  state_or_province: 'input.address.stateOrProvince',
  postal_code: 'input.address.postalCode',
  country_code: 'input.address.countryCode',
  phone: 'input.address.phone',
  address_type: 'input.address.addressType',
};

/**
 * A refused write (BigCommerce's 4xx with field errors) as the typed error a shopper can act on;
 * anything else is rethrown untouched. BigCommerce's own messages never reach the client: the
 * typed error says which field, in the gateway's words. `notFoundFields` are the body fields
 * (`id`, `customer_id`) whose refusal means the record named does not exist.
 */
export function toInputError(
  error: unknown,
  paths: InputPaths,
  notFoundFields: readonly string[] = [],
): UserError {
  if (!(error instanceof UpstreamInputError)) throw error;
  if (isEmailTaken(error)) return new EmailTakenError(paths.email ?? 'input.email');
  const fields = refusedFields(error);
  if (fields.some(({ field }) => notFoundFields.includes(field))) {
    return new NotFoundError('No such record, or it is not yours.');
  }
  const known = fields.find(({ field }) => paths[field] !== undefined);
  const field = known ? paths[known.field] : undefined;
  return new InvalidInputError(
    field ? `BigCommerce refused this value (${field}).` : 'BigCommerce refused the input.',
    field ? { field } : {},
  );
}
