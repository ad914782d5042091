import { usePersistedOperations as useYogaPersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import { z } from 'zod';
import type { Viewer } from '../auth/viewer.js';
import { documentHash, parseDocumentId } from '../persisted/document-id.js';
import type { PersistedDocumentStore } from '../persisted/document-store.js';
import type { PersistedManifest } from '../persisted/manifest.js';
import { viewerOf } from './use-viewer.js';

export interface UsePersistedOperationsOptions {
  /** The shipped operations (`PERSISTED_OPERATIONS_FILE`); the only ones persisted-only keys may run. */
  manifest: PersistedManifest;
  /** Where automatic persisted queries register documents (shared through Redis when there is one). */
  documents: PersistedDocumentStore;
}

/** How a request names a stored document. */
interface NamedDocument {
  /** The SHA-256 it names, or `undefined` when the id is not a SHA-256 at all. */
  readonly hash: string | undefined;
  /** `apq`: `extensions.persistedQuery`, which may register the document sent with it. */
  readonly via: 'documentId' | 'apq';
}

const documentIdParamsSchema = z.object({ documentId: z.string() });
const apqExtensionsSchema = z.object({
  persistedQuery: z.object({ version: z.literal(1), sha256Hash: z.string() }),
});

/**
 * Persisted operations on Yoga's plugin: a request names its document by `documentId` (body, or
 * `?documentId=` on GET: GraphQL Code Generator's client preset) or by
 * `extensions.persistedQuery.sha256Hash` (Apollo's automatic persisted queries, APQ), and the
 * document comes from the manifest or, for callers allowed ad-hoc documents, from what APQ
 * registered. A document sent with a hash must be that hash's document; it is registered once it
 * has run. Persisted-only keys get the manifest and nothing else.
 */
export function usePersistedOperations(options: UsePersistedOperationsOptions): Plugin[] {
  const { manifest, documents } = options;
  /** Documents to register once they have run: only valid, executable documents are kept. */
  const toRegister = new WeakMap<Request, { hash: string; document: string }>();

  const checkSentDocument: Plugin = {
    onParams({ params, request, setParams }) {
      if (!params.query) return;
      if (!mayRunAdHocDocuments(viewerOf(request))) throw persistedOnlyError();
      const named = namedDocument(params, request);
      if (!named) return;
      if (named.hash !== documentHash(params.query)) throw hashMismatchError();
      // Yoga refuses parameters it does not know; the id has been checked and is done with.
      const { query, variables, operationName, extensions } = params;
      setParams({ query, variables, operationName, extensions });
      if (named.via === 'apq' && !manifest.has(named.hash)) {
        toRegister.set(request, { hash: named.hash, document: query });
      }
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const registration = request && toRegister.get(request);
      if (!registration) return;
      return {
        async onExecuteDone({ result }) {
          // Refused before running (query limits) means not kept; field errors still ran.
          if (!('data' in result) || result.data == null) return;
          // Awaited: the client's next request may reach another replica.
          await documents.register(registration.hash, registration.document);
        },
      };
    },
  };

  const lookUpNamedDocument = useYogaPersistedOperations({
    allowArbitraryOperations: (request) => mayRunAdHocDocuments(viewerOf(request)),
    extractPersistedOperationId: (params, request) => {
      const named = namedDocument(params, request);
      // A malformed id is looked up as one no document has, so it answers "not found".
      return named ? (named.hash ?? '') : null;
    },
    getPersistedOperation: async (hash, request) => {
      const shipped = manifest.get(hash);
      if (shipped !== undefined) return shipped;
      if (!hash || !mayRunAdHocDocuments(viewerOf(request))) return null;
      return (await documents.get(hash)) ?? null;
    },
    customErrors: {
      notFound: {
        // APQ's own words: Apollo Client and urql retry with the document when they see them.
        message: 'PersistedQueryNotFound',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 404 } },
      },
      persistedQueryOnly: () => persistedOnlyError(),
      keyNotFound: {
        message:
          'Send a query, or name a persisted operation by documentId or extensions.persistedQuery.',
        extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
      },
    },
  });

  return [checkSentDocument, lookUpNamedDocument];
}

/**
 * Everyone but persisted-only keys. A request `useViewer` did not see is refused ad-hoc documents
 * (fail closed), whoever sent it.
 */
export function mayRunAdHocDocuments(viewer: Viewer | undefined): boolean {
  if (!viewer) return false;
  return viewer.kind === 'anonymous' || viewer.kind === 'customer' || !viewer.persistedOnly;
}

/** The document id a request names: `documentId` (body or query string) first, then APQ's hash. */
function namedDocument(params: GraphQLParams, request: Request): NamedDocument | undefined {
  const documentId =
    documentIdParamsSchema.safeParse(params).data?.documentId ??
    (request.method === 'GET'
      ? (new URL(request.url).searchParams.get('documentId') ?? undefined)
      : undefined);
  if (documentId !== undefined) return { hash: parseDocumentId(documentId), via: 'documentId' };
  const apq = apqExtensionsSchema.safeParse(params.extensions).data;
  if (apq) return { hash: parseDocumentId(apq.persistedQuery.sha256Hash), via: 'apq' };
  return undefined;
}

function persistedOnlyError() {
  return createGraphQLError(
    'This API key may only run persisted operations: send the documentId of an operation from the manifest.',
    { extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 403 } } },
  );
}

function hashMismatchError() {
  return createGraphQLError(
    'The persisted operation hash is not the SHA-256 of the query sent with it.',
    { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } },
  );
}
