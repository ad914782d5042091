/** How the webhook queue and its workers behave; tests shorten the waits. */
export interface WebhookTuning {
  /**
   * An entry a worker took but has not acknowledged for this long is claimed by another replica
   * (its worker is presumed dead). Longer than any processing should take. @default 30_000
   */
  readonly claimAfterMs: number;
  /** Processing attempts of one event before it is dead-lettered. @default 3 */
  readonly maxAttempts: number;
  /** Waits between attempts (the last value repeats). @default [250, 1_000] */
  readonly retryDelaysMs: readonly number[];
  /**
   * Deliveries (first read plus claims) after which an entry is dead-lettered without another
   * attempt: an event that keeps killing its workers must not take every replica down. @default 5
   */
  readonly maxDeliveries: number;
  /** How long `stop()` waits for the event in hand before leaving it to be claimed. @default 2_000 */
  readonly stopTimeoutMs: number;
  /** Whether `start()` starts this replica's workers (false: receive and enqueue only). @default true */
  readonly workers: boolean;
  /** The stream keeps about this many entries (`XADD MAXLEN ~`), processed or not. @default 100_000 */
  readonly streamMaxLength: number;
  /** Events the memory queue holds (no Redis, or Redis down) before refusing with 503. @default 10_000 */
  readonly memoryQueueMax: number;
}

export const DEFAULT_WEBHOOK_TUNING: WebhookTuning = Object.freeze({
  claimAfterMs: 30_000,
  maxAttempts: 3,
  retryDelaysMs: Object.freeze([250, 1_000]),
  maxDeliveries: 5,
  stopTimeoutMs: 2_000,
  workers: true,
  streamMaxLength: 100_000,
  memoryQueueMax: 10_000,
});

/**
 * BigCommerce retries a callback for up to 48 hours with the same `webhook-id`: a delivery is
 * remembered a little longer than that.
 */
export const DEDUPE_TTL_MS = 50 * 60 * 60 * 1000;
