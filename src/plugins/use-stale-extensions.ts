import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';

/**
 * Adds `extensions.cache = { stale: true, entries }` when any part of the answer came from cache past
 * its freshness (while revalidating, or because upstream failed), so clients can tell.
 */
export function useStaleExtensions(): Plugin<Context> {
  return {
    onExecute({ args }) {
      const context = args.contextValue as Context;
      return {
        onExecuteDone({ result, setResult }) {
          const entries = context.stale.entries();
          if (entries.length === 0 || !('data' in result)) return;
          setResult({
            ...result,
            extensions: {
              ...result.extensions,
              cache: {
                stale: true,
                reason: entries.some((e) => e.reason === 'upstream-error')
                  ? 'upstream-error'
                  : 'revalidating',
                maxAgeMs: Math.max(...entries.map((e) => e.ageMs)),
                resources: [...new Set(entries.map((e) => e.resource))],
              },
            },
          });
        },
      };
    },
  };
}
