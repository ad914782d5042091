import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';
import { isUpstreamError } from '../datasources/errors.js';

/**
 * Logs the errors of each operation before Yoga masks them, with the request id: upstream failures
 * at warn (code and status only), anything unexpected at error with its stack. Client mistakes
 * (bad input, unknown fields) are the client's to see, not ours to log.
 */
export function useErrorLog(): Plugin<Context> {
  return {
    onExecute({ args }) {
      const context = args.contextValue as Context;
      return {
        onExecuteDone({ result }) {
          if (Symbol.asyncIterator in result) return;
          for (const error of result.errors ?? []) {
            const original = error.originalError;
            const path = error.path?.join('.');
            if (isUpstreamError(original)) {
              context.log.warn(
                { path, code: original.code, status: original.status },
                original.message,
              );
            } else if (original && !(original instanceof GraphQLError)) {
              context.log.error({ path, err: original }, 'unexpected error in resolver');
            }
          }
        },
      };
    },
  };
}
