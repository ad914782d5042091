import type { Logger } from '../../logger.js';
import type { RedisOwner } from '../../redis/redis-owner.js';
import type { RateLimitSpec } from '../viewer.js';
import type { ApiKeyRole } from './api-key-record.js';
import { createFileKeyRecords } from './file-key-records.js';
import { createKeyStore, type KeyStore } from './key-store.js';
import { createRedisKeyRecords } from './redis-key-records.js';

export interface OpenKeyStoreOptions {
  /** With Redis (`REDIS_URL`) keys live there, so every replica sees a revocation at once. */
  readonly redis: RedisOwner | undefined;
  readonly storeHash: string | undefined;
  /** Without Redis: `API_KEYS_FILE`. */
  readonly apiKeysFile: string;
  readonly roleRateLimits?: Readonly<Record<ApiKeyRole, RateLimitSpec>>;
  readonly logger?: Logger;
  /** Follow changes to the keys file (a gateway does; a one-shot CLI run need not). @default true */
  readonly watchFile?: boolean;
}

/** The gateway's and the CLI's key store: Redis when there is one, else the keys file. */
export function openKeyStore(options: OpenKeyStoreOptions): KeyStore {
  const { redis, logger } = options;
  const records = redis
    ? createRedisKeyRecords({ redis, storeHash: options.storeHash, logger })
    : createFileKeyRecords({ path: options.apiKeysFile, logger, watch: options.watchFile });
  return createKeyStore({ records, roleRateLimits: options.roleRateLimits, logger });
}
