import { GraphQLError } from 'graphql';

/** Parses the local part of a global id, or an `entityId`, as BigCommerce's positive integer id. */
export function parsePositiveInt(raw: string | number): number {
  // Decimal digits only: `Number()` alone would also take ' 12', '1e3' or '0x10'.
  const id = typeof raw === 'number' ? raw : /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new GraphQLError('The id is not a valid id for this type.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return id;
}
