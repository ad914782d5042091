import { createHash } from 'node:crypto';

/** The SHA-256 of a document's text (its UTF-8 bytes), in lowercase hex: how operations are named. */
export function documentHash(document: string): string {
  return createHash('sha256').update(document, 'utf8').digest('hex');
}

const DOCUMENT_ID = /^(?:sha256:)?([0-9a-f]{64})$/i;

/**
 * The SHA-256 a persisted operation id names, in lowercase hex: `sha256:<hex>` (the GraphQL over
 * HTTP `documentId` form GraphQL Code Generator's client preset uses) or bare hex (Apollo APQ).
 * `undefined` for anything else, which no document can answer to.
 */
export function parseDocumentId(id: string): string | undefined {
  return DOCUMENT_ID.exec(id)?.[1]?.toLowerCase();
}
