import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_KEY_PREFIX } from '../authenticate.js';

/**
 * An API key is `bcgw_<id>_<secret>`: the prefix tells it from a session token, the public id
 * finds its record in one lookup, and the secret is 256 random bits. Only the SHA-256 of the
 * whole key is stored: the secret is random, so a fast hash is enough (no dictionary to guess
 * from), and a stolen key file or Redis dump lets nobody in.
 */
const ID_BYTES = 8;
const SECRET_BYTES = 32;

/** 16 lowercase hex characters: public, printed by `keys list`, named in logs. */
export const KEY_ID_PATTERN = /^[0-9a-f]{16}$/;

/** The whole key: prefix, id, and 43 base64url characters of secret. */
const KEY_PATTERN = new RegExp(`^${API_KEY_PREFIX}([0-9a-f]{16})_[A-Za-z0-9_-]{43}$`);

export interface GeneratedApiKey {
  readonly id: string;
  /** Shown once to whoever created it; never stored. */
  readonly key: string;
  /** What is stored: hex SHA-256 of `key`. */
  readonly hash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const id = randomBytes(ID_BYTES).toString('hex');
  const key = `${API_KEY_PREFIX}${id}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { id, key, hash: hashApiKey(key) };
}

/** The id a well-formed key names, or undefined for anything malformed. */
export function keyIdOf(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Whether `key` hashes to `storedHash`, compared in constant time. */
export function matchesHash(key: string, storedHash: string): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = createHash('sha256').update(key, 'utf8').digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
