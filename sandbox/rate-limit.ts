/** BigCommerce's per-store quota: a number of requests per fixed time window. */
export interface Quota {
  requests: number;
  windowMs: number;
}

export interface QuotaState {
  allowed: boolean;
  headers: Record<string, string>;
}

/** A fixed-window counter per store, answering with BigCommerce's `X-Rate-Limit-*` headers. */
export class FixedWindowQuota {
  private windowStart = 0;
  private used = 0;

  constructor(
    private quota: Quota,
    private readonly now: () => number = Date.now,
  ) {}

  /** Replaces the quota and starts a fresh window. */
  set(quota: Quota): void {
    this.quota = { ...quota };
    this.reset();
  }

  get(): Quota {
    return { ...this.quota };
  }

  reset(): void {
    this.windowStart = this.now();
    this.used = 0;
  }

  /** Spends one request if any is left; past the quota the request is refused (429). */
  take(): QuotaState {
    this.roll();
    const allowed = this.used < this.quota.requests;
    if (allowed) this.used++;
    return { allowed, headers: this.headers() };
  }

  /** The headers as they stand, without spending a request. */
  headers(overrides: { resetMs?: number; left?: number } = {}): Record<string, string> {
    this.roll();
    const resetMs = this.windowStart + this.quota.windowMs - this.now();
    return {
      'X-Rate-Limit-Time-Window-Ms': String(this.quota.windowMs),
      'X-Rate-Limit-Time-Reset-Ms': String(overrides.resetMs ?? Math.max(0, resetMs)),
      'X-Rate-Limit-Requests-Quota': String(this.quota.requests),
      'X-Rate-Limit-Requests-Left': String(
        overrides.left ?? Math.max(0, this.quota.requests - this.used),
      ),
    };
  }

  private roll(): void {
    const now = this.now();
    if (now - this.windowStart >= this.quota.windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
  }
}
