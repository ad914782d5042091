import { parseDocumentId } from '../persisted/document-id.js';

/**
 * A GraphQL request reduced to what decides its answer: how the document is named (its text, or
 * the SHA-256 of a persisted one), the variables and the operation name, each encoded so that
 * requests Yoga could read differently never share a key. Only plain shapes are read; anything
 * else is `undefined` and left to Yoga.
 */
export type CanonicalRequest =
  | {
      readonly via: 'text';
      readonly query: string;
      readonly variables: string;
      readonly operationName: string;
    }
  | {
      readonly via: 'hash';
      readonly hash: string;
      readonly variables: string;
      readonly operationName: string;
    };

const BODY_FIELDS = new Set(['query', 'variables', 'operationName', 'extensions', 'documentId']);
const SEARCH_FIELDS = BODY_FIELDS;

/** A JSON `POST` body (already parsed), as Yoga would read it. */
export function canonicalFromBody(body: unknown): CanonicalRequest | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const fields = body as Record<string, unknown>;
  for (const name in fields) if (!BODY_FIELDS.has(name)) return undefined;
  const { query, variables, operationName, extensions, documentId } = fields;
  if (variables !== undefined && variables !== null && !isPlainObject(variables)) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return undefined;
  }
  return canonical({
    query,
    documentId,
    extensions,
    variables: JSON.stringify(variables ?? null),
    operationName: JSON.stringify(operationName ?? null),
  });
}

/** A `GET` request's search parameters (`?query=` or `?documentId=`, `variables=` as JSON text). */
export function canonicalFromSearch(search: URLSearchParams): CanonicalRequest | undefined {
  for (const name of search.keys()) if (!SEARCH_FIELDS.has(name)) return undefined;
  const one = (name: string) => {
    const values = search.getAll(name);
    return values.length > 1 ? null : values[0];
  };
  const [query, documentId, extensionsText, variables, operationName] = [
    'query',
    'documentId',
    'extensions',
    'variables',
    'operationName',
  ].map(one);
  if ([query, documentId, extensionsText, variables, operationName].includes(null))
    return undefined;
  let extensions: unknown;
  if (extensionsText !== undefined) {
    try {
      extensions = JSON.parse(extensionsText as string);
    } catch {
      return undefined;
    }
  }
  return canonical({
    query,
    documentId,
    extensions,
    // As sent (Yoga parses it): the same text always means the same variables. Present and
    // absent never share a key, whatever the text.
    variables: variables === undefined ? 'null' : `=${variables}`,
    operationName: operationName === undefined ? 'null' : JSON.stringify(operationName),
  });
}

/** Exactly one way of naming the document: its text, a `documentId`, or APQ's hash alone. */
function canonical(parts: {
  query: unknown;
  documentId: unknown;
  extensions: unknown;
  variables: string;
  operationName: string;
}): CanonicalRequest | undefined {
  const { query, documentId, extensions, variables, operationName } = parts;
  const apqHash = apqHashOf(extensions);
  if (apqHash === null) return undefined;
  if (typeof query === 'string') {
    if (documentId !== undefined || apqHash !== undefined || query === '') return undefined;
    return { via: 'text', query, variables, operationName };
  }
  if (query !== undefined && query !== null) return undefined;
  const named = typeof documentId === 'string' ? documentId : apqHash;
  if ((documentId !== undefined && apqHash !== undefined) || named === undefined) return undefined;
  const hash = parseDocumentId(named);
  return hash === undefined ? undefined : { via: 'hash', hash, variables, operationName };
}

/**
 * APQ's hash when `extensions` is exactly `{ persistedQuery: { version: 1, sha256Hash } }`,
 * `undefined` without extensions, `null` for any other extensions (left to Yoga).
 */
function apqHashOf(extensions: unknown): string | undefined | null {
  if (extensions === undefined || extensions === null) return undefined;
  if (!isPlainObject(extensions)) return null;
  const keys = Object.keys(extensions);
  if (keys.length === 0) return undefined;
  if (keys.length !== 1 || keys[0] !== 'persistedQuery') return null;
  const persisted = extensions.persistedQuery;
  if (!isPlainObject(persisted) || Object.keys(persisted).length !== 2) return null;
  if (persisted.version !== 1 || typeof persisted.sha256Hash !== 'string') return null;
  return persisted.sha256Hash;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
