import type { Logger } from '../../logger.js';
import type { Scope } from '../scopes.js';
import { ALL_SCOPES, type KeyViewer, type RateLimitSpec } from '../viewer.js';
import { generateApiKey, keyIdOf, matchesHash } from './api-key.js';
import {
  type ApiKeyInfo,
  type ApiKeyRole,
  type StoredApiKey,
  storedApiKeySchema,
  toApiKeyInfo,
} from './api-key-record.js';

export interface NewApiKey {
  readonly name: string;
  /** @default 'partner' */
  readonly role?: ApiKeyRole;
  /** Ignored for `internal` keys, which hold every scope. */
  readonly scopes: readonly Scope[];
  /** Absent: the role's default limit. */
  readonly rateLimit?: RateLimitSpec;
  readonly expiresAt?: Date;
  /** @default false */
  readonly persistedOnly?: boolean;
}

export interface CreatedApiKey {
  /** The key itself: shown once, stored nowhere. */
  readonly key: string;
  readonly info: ApiKeyInfo;
}

/** Partner and internal API keys: made, listed and revoked by the CLI, checked on every request. */
export interface KeyStore {
  /** Where keys live: `redis` (shared by every replica) or `file` (`API_KEYS_FILE`). */
  readonly kind: KeyRecords['kind'];
  create(input: NewApiKey): Promise<CreatedApiKey>;
  /** Every key, revoked ones included, oldest first. */
  list(): Promise<ApiKeyInfo[]>;
  findById(id: string): Promise<ApiKeyInfo | undefined>;
  /** Revokes a key for good; undefined when no key has that id. Revoking twice keeps the first time. */
  revoke(id: string): Promise<ApiKeyInfo | undefined>;
  /**
   * The viewer a key stands for, or undefined when it is malformed, unknown, forged, expired or
   * revoked, or cannot be checked right now (fail closed). Never throws.
   */
  verify(key: string, clientIp: string): Promise<KeyViewer | undefined>;
  close(): Promise<void>;
}

/** The storage under a key store: a JSON file, or a Redis hash. */
export interface KeyRecords {
  readonly kind: 'redis' | 'file';
  /** The record of `id`, undefined when there is none; throws when the storage cannot be read. */
  get(id: string): Promise<StoredApiKey | undefined>;
  all(): Promise<StoredApiKey[]>;
  add(record: StoredApiKey): Promise<void>;
  /** Sets `revokedAt` unless already set; the record after, undefined when there is none. */
  revoke(id: string, revokedAt: string): Promise<StoredApiKey | undefined>;
  close(): Promise<void>;
}

/** Storage that does not answer: the key is refused (fail closed), the outage logged elsewhere. */
export class KeyRecordsUnavailableError extends Error {
  override readonly name = 'KeyRecordsUnavailableError';
}

export interface KeyStoreOptions {
  readonly records: KeyRecords;
  /** The limit of keys created without one, by role (`config.access.rateLimits`). */
  readonly roleRateLimits?: Readonly<Record<ApiKeyRole, RateLimitSpec>>;
  readonly logger?: Logger;
  /** Decides expiry. @default Date.now */
  readonly now?: () => number;
}

export function createKeyStore(options: KeyStoreOptions): KeyStore {
  const { records, roleRateLimits, logger } = options;
  const now = options.now ?? Date.now;

  const toViewer = (record: StoredApiKey, clientIp: string): KeyViewer => ({
    kind: record.role,
    clientIp,
    keyId: record.id,
    keyName: record.name,
    scopes: record.role === 'internal' ? ALL_SCOPES : new Set(record.scopes),
    // The effective limit, so whoever enforces it needs no second lookup of the role's default.
    rateLimit: record.rateLimit ?? roleRateLimits?.[record.role],
    persistedOnly: record.persistedOnly,
  });

  const isLive = (record: StoredApiKey) =>
    record.revokedAt === undefined &&
    (record.expiresAt === undefined || Date.parse(record.expiresAt) > now());

  return {
    kind: records.kind,
    async create(input) {
      const { id, key, hash } = generateApiKey();
      const record = storedApiKeySchema.parse({
        id,
        name: input.name.trim(),
        role: input.role ?? 'partner',
        scopes: [...new Set(input.scopes)],
        rateLimit: input.rateLimit,
        expiresAt: input.expiresAt?.toISOString(),
        persistedOnly: input.persistedOnly ?? false,
        createdAt: new Date(now()).toISOString(),
        hash,
      } satisfies StoredApiKey);
      await records.add(record);
      return { key, info: toApiKeyInfo(record) };
    },
    async list() {
      const all = await records.all();
      return all
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
        .map(toApiKeyInfo);
    },
    async findById(id) {
      const record = await records.get(id);
      return record && toApiKeyInfo(record);
    },
    async revoke(id) {
      const record = await records.revoke(id, new Date(now()).toISOString());
      return record && toApiKeyInfo(record);
    },
    async verify(key, clientIp) {
      const id = keyIdOf(key);
      if (id === undefined) return undefined;
      let record: StoredApiKey | undefined;
      try {
        record = await records.get(id);
      } catch (error) {
        if (!(error instanceof KeyRecordsUnavailableError)) {
          logger?.error({ err: error, keyId: id }, 'api key check failed; refusing the key');
        }
        return undefined;
      }
      if (!record || !matchesHash(key, record.hash) || !isLive(record)) return undefined;
      return toViewer(record, clientIp);
    },
    close: () => records.close(),
  };
}
