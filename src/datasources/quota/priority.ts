import type { RequestPriority } from '../quota.js';

/**
 * Share of the window's quota each priority must leave untouched. Shopper reads may spend the
 * whole remaining budget (down to the safety margin); partner work stops once fewer than 30% of
 * the window's requests are left, background work once fewer than 50% are left, so a burst of
 * batch jobs can never starve the storefront.
 */
export const PRIORITY_RESERVE_FRACTION: Readonly<Record<RequestPriority, number>> = Object.freeze({
  shopper: 0,
  partner: 0.3,
  background: 0.5,
});

/** Requests every priority keeps in reserve, whatever the quota. */
export const DEFAULT_SAFETY_MARGIN = 2;

/** First wait after a 429 without rate-limit headers; doubles on each further one. */
export const BACKOFF_BASE_MS = 1_000;

/** Longest wait a run of bare 429s can impose. */
export const BACKOFF_CAP_MS = 30_000;

/**
 * Requests a caller of `priority` must leave in the window: it may take one only when at least
 * this many remain afterwards.
 */
export function reserveFor(priority: RequestPriority, quota: number, safetyMargin: number): number {
  return Math.max(safetyMargin, Math.ceil(quota * PRIORITY_RESERVE_FRACTION[priority]));
}

/** Wait after the `attempt`-th consecutive bare 429 (1-based): 1 s, 2 s, 4 s … capped. */
export function backoffDelay(attempt: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
}

/** How much random delay `withJitter` adds. */
export interface JitterOptions {
  /** Largest added share of the wait. @default 0.1 */
  ratio?: number;
  /** Largest added delay, so long waits do not grow by seconds. @default Infinity */
  capMs?: number;
  /** @default Math.random */
  random?: () => number;
}

/**
 * `ms` plus a random extra, so waiters that woke together (on several replicas) do not hit the
 * upstream in the same instant. Never shorter than `ms`, so backoff still grows.
 */
export function withJitter(ms: number, options: JitterOptions = {}): number {
  const { ratio = 0.1, capMs = Number.POSITIVE_INFINITY, random = Math.random } = options;
  return ms + Math.floor(Math.min(ms * ratio, capMs) * random());
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
