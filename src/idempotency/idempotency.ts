/**
 * Idempotency keys for the writes a flaky mobile network retries (`createCart`, `placeOrder`,
 * `payOrder`): the first call with a key does the work; a retry with the same key, on any
 * replica, gets the first call's result; a concurrent duplicate waits for the first to finish.
 */

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
  /** Whose key it is (`viewerScope(viewer)`): two callers' equal keys never meet either. */
  readonly owner: string;
  /** The client's key, as sent in `input.idempotencyKey`. */
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
   * result; repeats return the stored result. A failed `work` stores nothing, so a retry tries
   * again (a refusal such as "out of stock" is not a result to replay).
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
}
