import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { GraphQLError } from 'graphql';
import type { Scope } from '../auth/scopes.js';
import { hasScope } from '../auth/viewer.js';
import type { Context } from '../context.js';
import { decodeGlobalId, encodeGlobalId } from './global-id.js';
import { inMemoryComplexity, LOOKUP, nodesComplexity } from './query-cost.js';

export interface SchemaTypes {
  Context: Context;
  /**
   * `public`: anyone. `scope`: a key holding it (internal keys hold all; shoppers only
   * `catalog:read`). `customer`: a signed-in customer. `internal`: an internal key.
   */
  AuthScopes: { public: boolean; scope: Scope; customer: boolean; internal: boolean };
  DefaultFieldNullability: false;
  Connection: { totalCount: number };
  Scalars: {
    ID: { Input: string; Output: string | number };
    DateTime: { Input: string; Output: string };
    /** Base-10 digits as text (src/money/decimal.ts); defined with `Money`. */
    Decimal: { Input: string; Output: string };
  };
}

export const builder = new SchemaBuilder<SchemaTypes>({
  // Scope-auth first, so no other plugin runs for a field the viewer may not see; errors next.
  plugins: [ScopeAuthPlugin, ErrorsPlugin, ValidationPlugin, RelayPlugin, ComplexityPlugin],
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (context) => ({
      public: true,
      scope: (scope: Scope) => hasScope(context.viewer, scope),
      customer: context.viewer.kind === 'customer',
      internal: context.viewer.kind === 'internal',
    }),
    unauthorizedError: (_parent, _context, info) =>
      new GraphQLError(`Not allowed to read ${info.parentType.name}.${info.fieldName}.`, {
        extensions: { code: 'FORBIDDEN' },
      }),
  },
  errors: { defaultTypes: [] },
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    cursorType: 'String',
    nodeQueryOptions: {
      description: 'Fetches any object by its global id.',
      complexity: LOOKUP,
      args: { id: { description: 'A global id.' } },
    },
    nodesQueryOptions: {
      description: 'Fetches objects by their global ids, in order.',
      complexity: nodesComplexity,
      args: { ids: { description: 'Global ids.' } },
    },
    nodeTypeOptions: { description: 'An object with a globally unique, opaque id.' },
    pageInfoTypeOptions: { description: 'Where a page sits in a connection.' },
    idFieldOptions: { description: 'Opaque global id, for `node(id:)` and client caches.' },
    cursorFieldOptions: { description: 'Pass as `after` (or `before`) to page from here.' },
    nodeFieldOptions: { description: 'The item.' },
    edgesFieldOptions: {
      description: 'The items of this page with their cursors.',
      // The connection field already multiplies its selection by the page size.
      complexity: { field: 0, multiplier: 1 },
    },
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
    // Costs only (src/schema/query-cost.ts). The limits are enforced once per operation by
    // useQueryLimits: the plugin's own check runs in every root field, so it repeated its error once
    // per root field (250 aliases, 250 errors).
    disabled: true,
    fieldComplexity: inMemoryComplexity,
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
builder.mutationType({ description: 'The root of every write.' });

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
