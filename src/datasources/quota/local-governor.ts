import type { QuotaGovernor, RateLimitInfo, RequestPriority } from '../quota.js';
import { acquireWithin, type GovernorClock } from './acquire-loop.js';
import {
  backoffDelay,
  DEFAULT_SAFETY_MARGIN,
  sleep as realSleep,
  reserveFor,
  withJitter,
} from './priority.js';

export interface LocalQuotaGovernorOptions {
  /** Quota assumed when a window rolls over before BigCommerce told us one. @default 150 */
  defaultQuota?: number;
  /** Window length assumed until BigCommerce tells us one. @default 30_000 */
  defaultWindowMs?: number;
  /** Requests kept in reserve by every priority. @default 2 */
  safetyMargin?: number;
  /** @default Date.now */
  now?: () => number;
  /** @default a setTimeout-based sleep that rejects with the signal's reason */
  sleep?: GovernorClock['sleep'];
  /** Source of the jitter added to backoff waits. @default Math.random */
  random?: () => number;
}

/** Everything the governor believes about the store's current window. */
interface WindowState {
  quota: number;
  windowMs: number;
  /** Requests left as last reconciled with upstream; undefined until a header is seen. */
  left: number | undefined;
  /** Tokens handed out since `left` was reconciled. */
  taken: number;
  resetAt: number;
  /** Set by a 429 that carried headers: nobody sends before the reset. */
  blockedUntil: number;
  /** Set by bare 429s: load shedding, cleared by the next success. */
  backoffUntil: number;
  backoffAttempt: number;
}

/**
 * A per-process governor: paces one replica by BigCommerce's `X-Rate-Limit-*` headers.
 * Several replicas each running one share the store's quota blindly; use the Redis governor there.
 */
export function createLocalQuotaGovernor(options: LocalQuotaGovernorOptions = {}): QuotaGovernor {
  const safetyMargin = options.safetyMargin ?? DEFAULT_SAFETY_MARGIN;
  const now = options.now ?? Date.now;
  const clock: GovernorClock = { now, sleep: options.sleep ?? realSleep };
  const random = options.random ?? Math.random;
  const s: WindowState = {
    quota: options.defaultQuota ?? 150,
    windowMs: options.defaultWindowMs ?? 30_000,
    left: undefined,
    taken: 0,
    resetAt: 0,
    blockedUntil: 0,
    backoffUntil: 0,
    backoffAttempt: 0,
  };

  function tryTake(priority: RequestPriority): number {
    const t = now();
    const blocked = Math.max(s.blockedUntil, s.backoffUntil);
    if (blocked > t) return blocked - t;
    if (s.left === undefined) return 0;
    if (t >= s.resetAt) {
      // The window rolled over with no answer since: assume the full quota until told otherwise.
      s.left = s.quota;
      s.taken = 0;
      s.resetAt = t + s.windowMs;
    }
    if (s.left - s.taken - 1 < reserveFor(priority, s.quota, safetyMargin)) {
      return Math.max(1, s.resetAt - t);
    }
    s.taken += 1;
    return 0;
  }

  function reconcile(info: RateLimitInfo, left: number, resetMs: number, t: number): void {
    s.quota = info.quota ?? s.quota;
    s.windowMs = info.windowMs ?? s.windowMs;
    const observedReset = t + resetMs;
    const sameWindow =
      s.left !== undefined &&
      t < s.resetAt &&
      Math.abs(observedReset - s.resetAt) <= s.windowMs / 2;
    // Within one window `left` only falls; an answer produced before our latest sends does not
    // count them yet, so the lower of the two estimates wins.
    s.left = sameWindow ? Math.min(left, (s.left ?? left) - s.taken) : left;
    s.taken = 0;
    s.resetAt = observedReset;
  }

  return {
    acquire({ priority, maxWaitMs, signal }) {
      return acquireWithin(() => tryTake(priority), { maxWaitMs, signal }, clock);
    },
    observe(info, status) {
      const t = now();
      if (info.left !== undefined && info.resetMs !== undefined) {
        reconcile(info, info.left, info.resetMs, t);
        if (status === 429) s.blockedUntil = Math.max(s.blockedUntil, t + info.resetMs);
      } else if (status === 429) {
        // Several requests in flight answer 429 together: only one sent after the backoff ended
        // may lengthen it.
        if (t < s.backoffUntil) return;
        s.backoffAttempt += 1;
        s.backoffUntil = t + withJitter(backoffDelay(s.backoffAttempt), { random });
        return;
      }
      if (status !== 429 && status < 500) {
        s.backoffAttempt = 0;
        s.backoffUntil = 0;
      }
    },
  };
}
