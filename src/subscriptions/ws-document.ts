import { GraphQLError } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { z } from 'zod';
import type { Viewer } from '../auth/viewer.js';
import { parseDocumentId } from '../persisted/document-id.js';
import type { PersistedManifest } from '../persisted/manifest.js';

const namedSchema = z.object({
  extensions: z
    .object({ persistedQuery: z.object({ sha256Hash: z.string() }).optional() })
    .nullish(),
  documentId: z.string().optional(),
});

/**
 * The document a `subscribe` message runs, under the same rules as HTTP's
 * `usePersistedOperations` (which, an `onParams` hook, never sees a socket): a document sent as
 * text, unless the key is persisted-only; or one of the manifest's by `documentId` or
 * `extensions.persistedQuery.sha256Hash`. Documents registered by APQ are HTTP-only.
 */
export function documentOf(
  payload: SubscribePayload,
  viewer: Viewer,
  manifest: PersistedManifest,
): string | GraphQLError {
  const named = namedSchema.safeParse(payload).data;
  const id = named?.documentId ?? named?.extensions?.persistedQuery?.sha256Hash;
  if (id !== undefined) {
    const hash = parseDocumentId(id);
    const shipped = hash === undefined ? undefined : manifest.get(hash);
    return (
      shipped ??
      new GraphQLError('PersistedQueryNotFound', {
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
      })
    );
  }
  const persistedOnly =
    (viewer.kind === 'partner' || viewer.kind === 'internal') && viewer.persistedOnly;
  if (persistedOnly) {
    return new GraphQLError(
      'This API key may only run persisted operations: send the documentId of an operation from the manifest.',
      { extensions: { code: 'PERSISTED_QUERY_ONLY' } },
    );
  }
  if (typeof payload.query === 'string' && payload.query) return payload.query;
  return new GraphQLError('Send a query, or name a persisted operation by documentId.', {
    extensions: { code: 'BAD_REQUEST' },
  });
}
