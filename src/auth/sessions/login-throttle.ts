import { createHash } from 'node:crypto';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { storeKey } from '../../redis/redis-keys.js';
import type { RedisOwner } from '../../redis/redis-owner.js';
import { normaliseEmail } from '../audit.js';
import type { RateLimitSpec } from '../viewer.js';

export type ThrottleVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * Sign-in attempts per account (the email, normalised) and per client address. An attempt is
 * counted before the credentials are checked, so concurrent guesses cannot slip past the limit;
 * a successful sign-in then forgets the account's count and gives the address its attempt back,
 * so only failures add up.
 */
export interface LoginThrottle {
  take(email: string, clientIp: string): Promise<ThrottleVerdict>;
  succeeded(email: string, clientIp: string): Promise<void>;
}

export interface LoginThrottleOptions {
  readonly perAccount: RateLimitSpec;
  readonly perIp: RateLimitSpec;
  /** Counts shared by every replica; in memory (per replica) without it. */
  readonly redis: RedisOwner | undefined;
  readonly storeHash: string;
}

export function createLoginThrottle(options: LoginThrottleOptions): LoginThrottle {
  const account = limiter(options, 'account', options.perAccount);
  const address = limiter(options, 'ip', options.perIp);
  // Limiter keys never hold the email: a hash says "the same account" just as well.
  const accountKey = (email: string) =>
    createHash('sha256').update(normaliseEmail(email)).digest('base64url');
  return {
    async take(email, clientIp) {
      const verdicts = await Promise.allSettled([
        account.consume(accountKey(email)),
        address.consume(clientIp),
      ]);
      let waitMs: number | undefined;
      for (const verdict of verdicts) {
        if (verdict.status === 'fulfilled') continue;
        // A refusal rejects with the limiter's answer; anything else is a store failure.
        if (!(verdict.reason instanceof RateLimiterRes)) throw verdict.reason;
        waitMs = Math.max(waitMs ?? 0, verdict.reason.msBeforeNext);
      }
      return waitMs === undefined
        ? { allowed: true }
        : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    },
    async succeeded(email, clientIp) {
      await Promise.allSettled([account.delete(accountKey(email)), address.reward(clientIp, 1)]);
    },
  };
}

function limiter(
  options: LoginThrottleOptions,
  name: string,
  spec: RateLimitSpec,
): RateLimiterAbstract {
  const limits = { points: spec.requests, duration: spec.windowSeconds };
  // Without Redis, or while it is down (the insurance), each replica counts for itself.
  const memory = new RateLimiterMemory({ ...limits, keyPrefix: `login-${name}` });
  if (!options.redis) return memory;
  return new RateLimiterRedis({
    ...limits,
    storeClient: options.redis.commands,
    keyPrefix: storeKey(options.storeHash, `login-${name}`),
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}
