import { GraphQLError } from 'graphql';
import { isUpstreamError } from './datasources/errors.js';

/**
 * Yoga's `maskError`: upstream failures become GraphQL errors with a stable `extensions.code` and a
 * message we wrote (never an upstream body, URL or token); anything unexpected stays masked.
 */
export function maskError(error: unknown, genericMessage: string): Error {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof GraphQLError) return error as GraphQLError;
  if (isUpstreamError(original)) {
    const base = error instanceof GraphQLError ? error : undefined;
    // Only the code and our own message: upstream field errors reach clients solely as typed
    // user errors that a write maps in its own words.
    return new GraphQLError(original.message, {
      nodes: base?.nodes,
      path: base?.path,
      extensions: { code: original.code },
    });
  }
  const base = error instanceof GraphQLError ? error : undefined;
  return new GraphQLError(genericMessage, {
    nodes: base?.nodes,
    path: base?.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}
