/**
 * Idempotency keys for the writes a flaky mobile network retries (`createCart`, `placeOrder`,
 * `payOrder`): the first call with a key does the work; a retry with the same key, on any
 * replica, gets the first call's result; a concurrent duplicate waits for the first to finish.
 */
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Viewer } from '../auth/viewer.js';

/** What a stored result may be: plain JSON (ids, not GraphQL objects, which are loaded afresh). */
export type IdempotentResult =
  | string
  | number
  | boolean
  | null
  | IdempotentResult[]
  | { [key: string]: IdempotentResult };

export interface IdempotencyRequest {
  /** The mutation (`placeOrder`): keys of different operations never meet. */
  readonly operation: string;
  /** Whose key it is (`idempotencyOwner(viewer)`): two callers' equal keys never meet either. */
  readonly owner: string;
  /** The client's key, as sent in `input.idempotencyKey`. Hashed before it is stored anywhere. */
  readonly key: string;
  /**
   * A digest of the input (`fingerprintInput`): the same key with a different input is the
   * client's bug, refused with IDEMPOTENCY_KEY_REUSED rather than answered with another result.
   */
  readonly fingerprint: string;
}

export interface IdempotencyStore {
  /**
   * Runs `work` at most once per (operation, owner, key) within the store's TTL and returns its
   * result; repeats return the stored result (a JSON copy). A failed `work` stores nothing, so a
   * retry tries again (a refusal such as "out of stock" is not a result to replay), and so does a
   * duplicate that was waiting for it.
   *
   * @throws GraphQLError IDEMPOTENCY_KEY_REUSED when the key was used with another fingerprint.
   * @throws GraphQLError IDEMPOTENCY_KEY_IN_PROGRESS when a duplicate waited longer than the
   *   store's bound for the first call (which still holds a live lease) to finish.
   */
  run<T extends IdempotentResult>(request: IdempotencyRequest, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface IdempotencyStoreOptions {
  /** Redis when configured (keys shared by every replica); memory otherwise. */
  readonly redis: import('../redis/redis-owner.js').RedisOwner | undefined;
  readonly storeHash: string;
  readonly ttlSeconds: number;
  readonly logger: import('../logger.js').Logger;
  /** The memory store's clock (results expire by it). @default Date.now */
  readonly now?: () => number;
}

/**
 * Whose keys these are: an API key, a customer, or one namespace shared by every anonymous caller.
 * Guests have no identity to separate them by; the fingerprint check still protects them, since a
 * stolen key sent with another input is refused and so learns nothing of the first result.
 */
export function idempotencyOwner(viewer: Viewer): string {
  switch (viewer.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'customer':
      return `customer:${viewer.customerId}`;
    default:
      return `key:${viewer.keyId}`;
  }
}

/**
 * A stable digest of a mutation's input without its `idempotencyKey`: object keys are sorted at
 * every level, so two clients (or two retries) serializing the same input differently agree;
 * `undefined` members are dropped as JSON drops them, while `null` stays (GraphQL tells them apart).
 */
export function fingerprintInput(value: unknown): string {
  const input = isPlainObject(value) ? withoutKey(value) : value;
  return createHash('sha256').update(canonicalJson(input)).digest('base64url');
}

function withoutKey(input: Record<string, unknown>): Record<string, unknown> {
  const { idempotencyKey: _key, ...rest } = input;
  return rest;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  if (isPlainObject(value)) {
    const members = Object.keys(value)
      .filter((name) => value[name] !== undefined)
      .sort()
      .map((name) => `${JSON.stringify(name)}:${canonicalJson(value[name])}`);
    return `{${members.join(',')}}`;
  }
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  // Scalars, and objects with toJSON (Date): as JSON writes them.
  return JSON.stringify(value) ?? 'null';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  // GraphQL-js builds argument objects with a null prototype.
  return proto === Object.prototype || proto === null;
}

/** The same key with a different input: the client's bug, never answered with the first result. */
export function keyReusedError(): GraphQLError {
  return new GraphQLError('This idempotencyKey was already used with a different input.', {
    extensions: { code: 'IDEMPOTENCY_KEY_REUSED' },
  });
}

/** A duplicate waited its bound while the first call with the key is still running: retry later. */
export function keyInProgressError(): GraphQLError {
  return new GraphQLError('A request with this idempotencyKey is still in progress.', {
    extensions: { code: 'IDEMPOTENCY_KEY_IN_PROGRESS' },
  });
}

/** Where a key lives: the client's key is hashed with its operation and owner, never kept raw. */
export function idempotencySlot(request: IdempotencyRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([request.operation, request.owner, request.key]))
    .digest('base64url');
}
