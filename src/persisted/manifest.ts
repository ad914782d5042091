import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { z } from 'zod';
import { ConfigError } from '../config.js';
import { documentHash, parseDocumentId } from './document-id.js';

/** The operations a deployment ships: SHA-256 (lowercase hex) to document text. */
export type PersistedManifest = ReadonlyMap<string, string>;

export const EMPTY_MANIFEST: PersistedManifest = new Map();

/** `persisted-documents.json` as GraphQL Code Generator's client preset writes it. */
const manifestFileSchema = z.record(z.string(), z.string().min(1, 'is an empty document'));

/**
 * Reads and checks the manifest `PERSISTED_OPERATIONS_FILE` names (none: an empty manifest).
 * Start-up stops on anything wrong, naming the entry, because a manifest that does not match its
 * documents would answer a client's operation with another one, or with none.
 *
 * @throws ConfigError when the file cannot be read, is not a `{ hash: document }` object, or an
 * entry's key is not the SHA-256 of its document or its document does not parse.
 */
export function loadPersistedManifest(path: string | undefined): PersistedManifest {
  if (path === undefined) return EMPTY_MANIFEST;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw manifestError(path, `cannot be read (${code})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw manifestError(path, 'is not JSON');
  }
  return parsePersistedManifest(json, path);
}

/** Checks a parsed manifest; `source` names it in errors. */
export function parsePersistedManifest(json: unknown, source: string): PersistedManifest {
  const parsed = manifestFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `entry "${issue.path.join('.')}" ` : '';
    throw manifestError(
      source,
      `must be an object of "sha256:<hex>": "<document>" entries (${where}${issue?.message})`,
    );
  }
  const manifest = new Map<string, string>();
  for (const [key, document] of Object.entries(parsed.data)) {
    const hash = parseDocumentId(key);
    if (!hash) {
      throw manifestError(
        source,
        `entry "${key}": the key must be sha256:<64 hex digits> or 64 hex digits (the client preset's persistedDocuments.hashAlgorithm must be 'sha256')`,
      );
    }
    if (documentHash(document) !== hash) {
      throw manifestError(source, `entry "${key}": the key is not the SHA-256 of its document`);
    }
    try {
      parse(document, { noLocation: true });
    } catch (error) {
      throw manifestError(source, `entry "${key}": the document does not parse: ${message(error)}`);
    }
    manifest.set(hash, document);
  }
  return manifest;
}

function manifestError(source: string, problem: string): ConfigError {
  return new ConfigError(`PERSISTED_OPERATIONS_FILE ${source} ${problem}`);
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
