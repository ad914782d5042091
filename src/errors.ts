import { GraphQLError } from 'graphql';
import { isUpstreamError, UpstreamInputError } from './datasources/errors.js';

/**
 * Yoga's `maskError`: upstream failures become GraphQL errors with a stable `extensions.code` and a
 * message we wrote (never an upstream body, URL or token); anything unexpected stays masked.
 */
export function maskError(error: unknown, genericMessage: string): Error {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof GraphQLError) return error as GraphQLError;
  if (isUpstreamError(original)) {
    const base = error instanceof GraphQLError ? error : undefined;
    const extensions: Record<string, unknown> = { code: original.code };
    if (original instanceof UpstreamInputError && Object.keys(original.fields).length > 0) {
      extensions.fields = original.fields;
    }
    return new GraphQLError(original.message, {
      nodes: base?.nodes,
      path: base?.path,
      extensions,
    });
  }
  const base = error instanceof GraphQLError ? error : undefined;
  return new GraphQLError(genericMessage, {
    nodes: base?.nodes,
    path: base?.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}
