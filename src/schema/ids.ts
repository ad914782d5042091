import { GraphQLError } from 'graphql';

/** Parses the local part of a global id, or an `entityId`, as BigCommerce's positive integer id. */
export function parsePositiveInt(raw: string | number): number {
  const id = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new GraphQLError('The id is not a valid id for this type.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return id;
}
