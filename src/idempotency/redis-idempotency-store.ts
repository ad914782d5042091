import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.js';
import { storeKey } from '../redis/redis-keys.js';
import type { RedisOwner } from '../redis/redis-owner.js';
import {
  type IdempotencyRequest,
  type IdempotencyStore,
  type IdempotentResult,
  idempotencySlot,
  keyInProgressError,
  keyReusedError,
} from './idempotency.js';

/**
 * One hash per key at `bcgw:v1:{store}:idempotency:<sha256(operation, owner, key)>`:
 *   s   'running' while a replica does the work, then 'done'
 *   f   the input's fingerprint
 *   t   the running claim's token (so only its holder renews, finishes or releases it)
 *   r   the result as JSON, once done
 * While running, the key expires after the lease unless its holder renews it: a replica that dies
 * mid-work frees the key, and a waiting duplicate takes over. Once done it expires after the TTL.
 */

/** KEYS[1]; ARGV: fingerprint, token, lease (ms). Answers {'claimed'|'running'|'reused'} or {'done', json}. */
const CLAIM_LUA = `
local s = redis.call('HMGET', KEYS[1], 's', 'f', 'r')
if not s[1] then
  redis.call('HSET', KEYS[1], 's', 'running', 'f', ARGV[1], 't', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {'claimed'}
end
if s[2] ~= ARGV[1] then return {'reused'} end
if s[1] == 'done' then return {'done', s[3]} end
return {'running'}
`;

/** KEYS[1]; ARGV: token, lease (ms). 1 while the claim is still this token's. */
const RENEW_LUA = `
if redis.call('HGET', KEYS[1], 't') ~= ARGV[1] then return 0 end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])
`;

/**
 * KEYS[1]; ARGV: token, fingerprint, result JSON, TTL (ms). Stores the result unless another
 * replica took the key over after this one's lease lapsed (its own result will stand).
 */
const FINISH_LUA = `
local t = redis.call('HGET', KEYS[1], 't')
if t ~= ARGV[1] and redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 's', 'done', 'f', ARGV[2], 'r', ARGV[3])
redis.call('HDEL', KEYS[1], 't')
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`;

/** KEYS[1]; ARGV: token. Frees a claim whose work failed, so a retry runs it again. */
const RELEASE_LUA = `
if redis.call('HGET', KEYS[1], 't') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

interface IdempotencyCommands {
  bcgwIdempotencyClaim(key: string, ...args: (string | number)[]): Promise<string[]>;
  bcgwIdempotencyRenew(key: string, ...args: (string | number)[]): Promise<number>;
  bcgwIdempotencyFinish(key: string, ...args: (string | number)[]): Promise<number>;
  bcgwIdempotencyRelease(key: string, ...args: (string | number)[]): Promise<number>;
}

const FIRST_POLL_MS = 20;
const MAX_POLL_MS = 250;

export interface RedisIdempotencyStoreOptions {
  readonly redis: RedisOwner;
  readonly storeHash: string;
  readonly ttlSeconds: number;
  readonly logger: Logger;
  /** Answers while Redis fails (the process's memory store). */
  readonly fallback: IdempotencyStore;
  /** How long a claim outlives its last renewal (renewed every third of it). @default 10000 */
  readonly leaseMs?: number;
  /** How long a duplicate waits for the first call before IDEMPOTENCY_KEY_IN_PROGRESS. @default 30000 */
  readonly maxWaitMs?: number;
}

/** The Redis key of one idempotency slot (`idempotencySlot`). */
export function idempotencyRedisKey(storeHash: string, slot: string): string {
  return storeKey(storeHash, `idempotency:${slot}`);
}

/**
 * Idempotency keys shared by every replica. While Redis fails, keys fall back to the process's
 * memory store (the outage is told to the owner's health and logged here once). What remains then:
 * a retry reaching the same replica is still answered once; one reaching another replica runs
 * again, and BigCommerce itself refuses a second order from a converted checkout (the cart is
 * gone) and a second payment of a paid order, so at worst `createCart` leaves an extra empty cart.
 */
export function createRedisIdempotencyStore(
  options: RedisIdempotencyStoreOptions,
): IdempotencyStore {
  const { redis: owner, fallback } = options;
  const leaseMs = options.leaseMs ?? 10_000;
  const maxWaitMs = options.maxWaitMs ?? 30_000;
  const ttlMs = options.ttlSeconds * 1000;
  const logger = options.logger.child({ component: 'idempotency' });
  const redis = owner.commands;
  redis.defineCommand('bcgwIdempotencyClaim', { numberOfKeys: 1, lua: CLAIM_LUA });
  redis.defineCommand('bcgwIdempotencyRenew', { numberOfKeys: 1, lua: RENEW_LUA });
  redis.defineCommand('bcgwIdempotencyFinish', { numberOfKeys: 1, lua: FINISH_LUA });
  redis.defineCommand('bcgwIdempotencyRelease', { numberOfKeys: 1, lua: RELEASE_LUA });
  const commands = redis as unknown as IdempotencyCommands;
  const track = <T>(call: () => Promise<T>) => owner.health.track(call);
  const renewals = new Set<NodeJS.Timeout>();
  let degraded = false;

  const degrade = <T extends IdempotentResult>(
    request: IdempotencyRequest,
    work: () => Promise<T>,
  ) => {
    if (!degraded) {
      degraded = true;
      logger.warn('redis unavailable: idempotency keys are held per replica until it is back');
    }
    return fallback.run(request, work);
  };

  /** Does the work under a claim: renews its lease meanwhile, then stores or releases. */
  const runClaimed = async <T extends IdempotentResult>(
    key: string,
    token: string,
    request: IdempotencyRequest,
    work: () => Promise<T>,
  ): Promise<T> => {
    const renewal = setInterval(() => {
      track(() => commands.bcgwIdempotencyRenew(key, token, leaseMs)).then(
        (held) => {
          if (!held) logger.warn({ operation: request.operation }, 'idempotency lease lost');
        },
        () => {},
      );
    }, leaseMs / 3);
    renewal.unref();
    renewals.add(renewal);
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await track(() => commands.bcgwIdempotencyRelease(key, token)).catch(() => {});
      throw error;
    } finally {
      clearInterval(renewal);
      renewals.delete(renewal);
    }
    const json = JSON.stringify(result);
    // A result that could not be stored is still the caller's; its key lapses with the lease.
    await track(() =>
      commands.bcgwIdempotencyFinish(key, token, request.fingerprint, json, ttlMs),
    ).catch(() => {});
    return JSON.parse(json) as T;
  };

  const run = async <T extends IdempotentResult>(
    request: IdempotencyRequest,
    work: () => Promise<T>,
  ): Promise<T> => {
    const key = idempotencyRedisKey(options.storeHash, idempotencySlot(request));
    const token = randomBytes(12).toString('base64url');
    const deadline = Date.now() + maxWaitMs;
    for (let pollMs = FIRST_POLL_MS; ; pollMs = Math.min(pollMs * 2, MAX_POLL_MS)) {
      let answer: string[];
      try {
        answer = await track(() =>
          commands.bcgwIdempotencyClaim(key, request.fingerprint, token, leaseMs),
        );
      } catch {
        return degrade(request, work);
      }
      degraded = false;
      const [state, json] = answer;
      if (state === 'claimed') return runClaimed(key, token, request, work);
      if (state === 'reused') throw keyReusedError();
      if (state === 'done' && json !== undefined) return JSON.parse(json) as T;
      // Running on this or another replica: wait for it to finish, or for its lease to lapse.
      if (Date.now() + pollMs > deadline) throw keyInProgressError();
      await sleep(pollMs);
    }
  };

  return {
    run,
    close: async () => {
      for (const renewal of renewals) clearInterval(renewal);
      renewals.clear();
      await fallback.close();
    },
  };
}
