import type { RedisOwner } from '../../redis/redis-owner.js';
import type { QuotaGovernor, RateLimitInfo, RequestPriority } from '../quota.js';
import { acquireWithin, type GovernorClock } from './acquire-loop.js';
import { createLocalQuotaGovernor } from './local-governor.js';
import {
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  DEFAULT_SAFETY_MARGIN,
  PRIORITY_RESERVE_FRACTION,
  sleep,
  withJitter,
} from './priority.js';
import { ACQUIRE_LUA, OBSERVE_LUA } from './redis-scripts.js';

export interface RedisQuotaGovernorOptions {
  /**
   * Lua commands are defined on its command connection, and call outcomes go to its health (which
   * logs an outage once for every user); it is not closed by `close()`.
   */
  redis: RedisOwner;
  /** One key per store (`quotaKey`); every replica of that store must share it. */
  key: string;
  /** Used while Redis is unreachable. @default createLocalQuotaGovernor() with the same numbers and clock */
  fallback?: QuotaGovernor;
  /**
   * Time for the wait budget and the sleeps between tries. Window times come from Redis' own
   * clock (TIME), so replicas agree. @default Date.now and a setTimeout sleep
   */
  clock?: GovernorClock;
  /** Requests kept in reserve by every priority. @default 2 */
  safetyMargin?: number;
  /** @default 150 */
  defaultQuota?: number;
  /** @default 30_000 */
  defaultWindowMs?: number;
  /** A Redis call slower than this counts as Redis being down. @default 250 */
  commandTimeoutMs?: number;
}

interface QuotaCommands {
  bcgwQuotaAcquire(key: string, ...args: Array<string | number>): Promise<number>;
  bcgwQuotaObserve(key: string, ...args: Array<string | number>): Promise<number>;
}

/** Wraps Redis failures so they are told apart from rate-limit and abort rejections. */
class RedisDown extends Error {}

// Long enough to outlive any window and the longest backoff; short enough to forget dead stores.
const STATE_TTL_MS = 10 * 60_000;

const USABLE = new Set<string>(['ready', 'connecting', 'connect', 'wait']);

/**
 * A governor whose window state lives in Redis, so every replica draws from one budget. While
 * Redis is unreachable it degrades to a per-process governor (logged once) and returns to Redis
 * as soon as a call succeeds again.
 */
export function createRedisQuotaGovernor(options: RedisQuotaGovernorOptions): QuotaGovernor {
  const { redis: owner, key } = options;
  const redis = owner.commands;
  const clock: GovernorClock = options.clock ?? { now: Date.now, sleep };
  const safetyMargin = options.safetyMargin ?? DEFAULT_SAFETY_MARGIN;
  const defaultQuota = options.defaultQuota ?? 150;
  const defaultWindowMs = options.defaultWindowMs ?? 30_000;
  const timeoutMs = options.commandTimeoutMs ?? 250;
  const fallback =
    options.fallback ??
    createLocalQuotaGovernor({ safetyMargin, defaultQuota, defaultWindowMs, ...clock });
  redis.defineCommand('bcgwQuotaAcquire', { numberOfKeys: 1, lua: ACQUIRE_LUA });
  redis.defineCommand('bcgwQuotaObserve', { numberOfKeys: 1, lua: OBSERVE_LUA });
  const commands = redis as unknown as QuotaCommands;

  async function call(run: () => Promise<number>): Promise<number> {
    // While ioredis waits to reconnect it only queues commands: fall back at once. A connection
    // being made (or a lazy one not made yet) gets the timeout's chance to answer.
    if (!USABLE.has(redis.status)) throw new RedisDown(`Redis connection is ${redis.status}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RedisDown(`no answer in ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const result = await Promise.race([run(), timeout]);
      owner.health.succeeded();
      return result;
    } catch (error) {
      throw error instanceof RedisDown
        ? error
        : new RedisDown('Redis call failed', { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  // While Redis is down this replica paces itself alone; the owner's health says so, once.
  const markDown = (error: RedisDown) => owner.health.failed(error);

  function tryTake(priority: RequestPriority): Promise<number> {
    const fraction = PRIORITY_RESERVE_FRACTION[priority];
    return call(() =>
      commands.bcgwQuotaAcquire(
        key,
        fraction,
        safetyMargin,
        defaultQuota,
        defaultWindowMs,
        STATE_TTL_MS,
      ),
    );
  }

  function record(info: RateLimitInfo, status: number): Promise<number> {
    const field = (value: number | undefined) => (value === undefined ? '' : value);
    return call(() =>
      commands.bcgwQuotaObserve(
        key,
        status,
        field(info.windowMs),
        field(info.resetMs),
        field(info.quota),
        field(info.left),
        defaultQuota,
        defaultWindowMs,
        BACKOFF_BASE_MS,
        BACKOFF_CAP_MS,
        Math.random(),
        STATE_TTL_MS,
      ),
    );
  }

  // Replicas woken by the same reset spread out a little; the Lua decides who gets a token.
  const jitter = (ms: number) => withJitter(ms, { capMs: 250 });

  return {
    async acquire({ priority, maxWaitMs, signal }) {
      const started = clock.now();
      try {
        await acquireWithin(() => tryTake(priority), { maxWaitMs, signal }, clock, jitter);
      } catch (error) {
        if (!(error instanceof RedisDown)) throw error;
        markDown(error);
        const left = Math.max(0, maxWaitMs - (clock.now() - started));
        await fallback.acquire({ priority, maxWaitMs: left, signal });
      }
    },
    observe(info, status) {
      // The fallback always learns the headers, so it is warm the moment Redis drops.
      fallback.observe(info, status);
      record(info, status).catch((error: unknown) => {
        if (error instanceof RedisDown) markDown(error);
      });
    },
    async close() {
      await fallback.close?.();
    },
  };
}
