import { GraphQLError } from 'graphql';

/** The types that implement `Node` (a schema test keeps this list in step with the schema). */
export const NODE_TYPES: ReadonlySet<string> = new Set([
  'Brand',
  'Cart',
  'Category',
  'Checkout',
  'Customer',
  'Order',
  'Product',
  'Variant',
]);

/** Global ids are base64 of `Type:localId`, opaque to clients. */
export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64');
}

/** Decodes a global id; anything that is not one of ours is the client's mistake (BAD_USER_INPUT). */
export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const decoded = Buffer.from(globalId, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const typename = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  if (separator < 1 || id === '' || !NODE_TYPES.has(typename)) {
    throw new GraphQLError('The id is not a global id this API issued.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return { typename, id };
}
