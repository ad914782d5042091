import { GraphQLError, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * The most lexical tokens a document may have. A query within the breadth limit (200 selections)
 * is well under 2,000 tokens, fragments included. Parsing is the one step that runs before any
 * limit can measure the operation: 100,000 tokens take ~120 ms of CPU to parse, and under 2 ms to
 * refuse at this limit.
 */
export const MAX_TOKENS = 5_000;

/**
 * Stops parsing at `maxTokens` (graphql's own `maxTokens` parse option), so an oversized document
 * costs almost nothing, and refuses it as `QUERY_TOO_COMPLEX` (`measure: 'tokens'`), like the
 * other query limits. Yoga's parse cache keeps working: this only replaces the parse it calls on a miss.
 */
export function useTokenLimit(maxTokens: number = MAX_TOKENS): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => {
        try {
          return parse(source, { ...options, maxTokens });
        } catch (error) {
          // graphql's wording: "Document contains more that N tokens. Parsing aborted."
          if (
            error instanceof GraphQLError &&
            /contains more tha[nt] \d+ tokens/.test(error.message)
          ) {
            throw tooManyTokens(maxTokens);
          }
          throw error;
        }
      });
    },
  };
}

function tooManyTokens(max: number): GraphQLError {
  return new GraphQLError(`Query has more than ${max} tokens, the limit.`, {
    extensions: { code: 'QUERY_TOO_COMPLEX', measure: 'tokens', max, http: { status: 400 } },
  });
}
