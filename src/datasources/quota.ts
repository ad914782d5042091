/**
 * The contract between the HTTP client and whatever paces it against BigCommerce's per-store quota.
 * Issue 2 ships a per-process governor; a Redis-backed one shared by every replica plugs in the same way.
 */

/** Who is waiting: shopper-facing reads go first, partner and background work yield. */
export type RequestPriority = 'shopper' | 'partner' | 'background';

/** BigCommerce's `X-Rate-Limit-*` headers, parsed. Absent headers are `undefined`. */
export interface RateLimitInfo {
  windowMs: number | undefined;
  resetMs: number | undefined;
  quota: number | undefined;
  left: number | undefined;
}

export interface QuotaGovernor {
  /**
   * Resolves when one upstream request may be sent. Rejects with an UpstreamRateLimitedError
   * when the wait would exceed `maxWaitMs`, or with the signal's reason when aborted.
   */
  acquire(options: {
    priority: RequestPriority;
    maxWaitMs: number;
    signal?: AbortSignal;
  }): Promise<void>;
  /** Feeds back the headers of every upstream answer (including 429s). */
  observe(info: RateLimitInfo, status: number): void;
  close?(): Promise<void>;
}
