import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import { GraphQLError } from 'graphql';
import type { Context } from '../context.js';
import { decodeGlobalId, encodeGlobalId } from './global-id.js';

export interface SchemaTypes {
  Context: Context;
  DefaultFieldNullability: false;
  Connection: { totalCount: number };
  Scalars: {
    ID: { Input: string; Output: string | number };
    DateTime: { Input: string; Output: string };
  };
}

/** Limits applied to every operation before any resolver runs. */
export const QUERY_LIMITS = { complexity: 5_000, depth: 12, breadth: 200 } as const;

export const builder = new SchemaBuilder<SchemaTypes>({
  plugins: [ValidationPlugin, RelayPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    cursorType: 'String',
    nodeQueryOptions: {
      description: 'Fetches any object by its global id.',
      args: { id: { description: 'A global id.' } },
    },
    nodesQueryOptions: {
      description: 'Fetches objects by their global ids, in order.',
      args: { ids: { description: 'Global ids.' } },
    },
    nodeTypeOptions: { description: 'An object with a globally unique, opaque id.' },
    pageInfoTypeOptions: { description: 'Where a page sits in a connection.' },
    idFieldOptions: { description: 'Opaque global id, for `node(id:)` and client caches.' },
    cursorFieldOptions: { description: 'Pass as `after` (or `before`) to page from here.' },
    nodeFieldOptions: { description: 'The item.' },
    edgesFieldOptions: { description: 'The items of this page with their cursors.' },
    pageInfoFieldOptions: { description: 'Cursors and whether more pages exist.' },
    hasNextPageFieldOptions: { description: 'Whether items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether items precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first item of the page.' },
    endCursorFieldOptions: { description: 'Cursor of the last item of the page.' },
    firstArgOptions: {
      description: 'How many items to return from the start (1–250, default 20).',
    },
    afterArgOptions: { description: 'Return items after this cursor.' },
    lastArgOptions: { description: 'How many items to return from the end (1–250).' },
    beforeArgOptions: { description: 'Return items before this cursor.' },
    nodesOnConnection: false,
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: QUERY_LIMITS,
    complexityError: (kind, result) => {
      const measure = kind.toLowerCase() as 'complexity' | 'depth' | 'breadth';
      const max = result[`max${kind}` as 'maxComplexity' | 'maxDepth' | 'maxBreadth'];
      return new GraphQLError(`Query ${measure} ${result[measure]} exceeds the limit of ${max}.`, {
        extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
      });
    },
  },
  validation: {
    validationError: (error) =>
      new GraphQLError(error.issues.map((issue) => issueMessage(issue)).join('; '), {
        extensions: { code: 'BAD_USER_INPUT' },
      }),
  },
});

function issueMessage(issue: { message: string; path?: readonly unknown[] | undefined }): string {
  const path = (issue.path ?? [])
    .map((segment) =>
      typeof segment === 'object' && segment !== null && 'key' in segment
        ? String(segment.key)
        : String(segment),
    )
    .join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

builder.queryType({ description: 'The root of every read.' });

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date and time, as BigCommerce reports it (RFC 3339).',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
      throw new GraphQLError('DateTime must be an ISO-8601 string', {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return value;
  },
});
