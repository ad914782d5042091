import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { Logger } from '../logger.js';
import { storeKey } from '../redis/redis-keys.js';
import type { RedisOwner } from '../redis/redis-owner.js';
import { formatRateLimit } from './rate-limit-spec.js';
import type { RateLimitSpec } from './viewer.js';

/** Where a subject's budget stands after a charge. */
export interface RateLimitState {
  /** The charge fit in the budget. */
  readonly allowed: boolean;
  /** Points left in this window (0 once refused). */
  readonly remaining: number;
  /** Milliseconds until the window resets. */
  readonly resetMs: number;
}

export interface RateLimiter {
  /** Takes `points` from `subject`'s budget of `spec`; a refused charge still counts. */
  charge(subject: string, spec: RateLimitSpec, points: number): Promise<RateLimitState>;
}

export interface RateLimiterOptions {
  /** Shared budgets across replicas when present; per-replica memory otherwise. */
  readonly redis: RedisOwner | undefined;
  readonly storeHash: string;
  readonly logger: Logger;
}

/**
 * Fixed-window budgets per subject (`rate-limiter-flexible`), one limiter per distinct budget. With
 * Redis every replica counts in the same keys; while Redis fails, each replica counts on its own in
 * memory (the library's insurance limiter) and the outage is reported to the owner's health.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const budgets = new Map<string, Budget>();
  const budgetFor = (spec: RateLimitSpec) => {
    const name = formatRateLimit(spec);
    let budget = budgets.get(name);
    if (!budget) {
      budget = makeBudget(options, spec, name);
      budgets.set(name, budget);
    }
    return budget;
  };

  return {
    async charge(subject, spec, points) {
      const budget = budgetFor(spec);
      try {
        const result = await budget.limiter.consume(subject, points);
        budget.counted(result);
        return toState(result, true);
      } catch (outcome) {
        if (!(outcome instanceof RateLimiterRes)) {
          // Neither Redis nor memory could count: let the request through rather than fail it.
          options.logger.warn({ err: outcome }, 'rate limiter failed; request not counted');
          return { allowed: true, remaining: spec.requests, resetMs: spec.windowSeconds * 1000 };
        }
        budget.counted(outcome);
        return toState(outcome, false);
      }
    },
  };
}

interface Budget {
  readonly limiter: RateLimiterAbstract;
  /** Told every count, allowed or refused (health bookkeeping). */
  counted(result: RateLimiterRes): void;
}

function toState(result: RateLimiterRes, allowed: boolean): RateLimitState {
  return {
    allowed,
    remaining: allowed ? result.remainingPoints : 0,
    resetMs: Math.max(result.msBeforeNext, 0),
  };
}

function makeBudget(
  { redis, storeHash }: RateLimiterOptions,
  spec: RateLimitSpec,
  name: string,
): Budget {
  const points = { points: spec.requests, duration: spec.windowSeconds };
  if (!redis) {
    return { limiter: new RateLimiterMemory({ ...points, keyPrefix: name }), counted() {} };
  }
  // Counts the fallback made, so that an answer from Redis can be told from one it did not give.
  const fromFallback = new WeakSet<RateLimiterRes>();
  const limiter = new RateLimiterRedis({
    ...points,
    storeClient: redis.commands,
    keyPrefix: storeKey(storeHash, `rate-limit:${name}`),
    // While disconnected, go straight to memory instead of sending a command bound to fail.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new FallbackLimiter(
      { ...points, keyPrefix: name },
      () => redis.health.failed(new Error('rate limit store unreachable')),
      fromFallback,
    ),
  });
  return {
    limiter,
    counted(result) {
      if (!fromFallback.has(result)) redis.health.succeeded();
    },
  };
}
/** The per-replica budget used while Redis fails; tells the owner's health each time it stands in. */
class FallbackLimiter extends RateLimiterMemory {
  readonly #onUse: () => void;
  readonly #produced: WeakSet<RateLimiterRes>;

  constructor(
    budget: ConstructorParameters<typeof RateLimiterMemory>[0],
    onUse: () => void,
    produced: WeakSet<RateLimiterRes>,
  ) {
    super(budget);
    this.#onUse = onUse;
    this.#produced = produced;
  }

  override async consume(
    key: string | number,
    points?: number,
    options?: Record<string, unknown>,
  ): Promise<RateLimiterRes> {
    this.#onUse();
    try {
      const result = await super.consume(key, points, options);
      this.#produced.add(result);
      return result;
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) this.#produced.add(outcome);
      throw outcome;
    }
  }
}
