import type { WebhookDelivery } from './callback.js';

/**
 * What a worker does with one event. `true`: done with it (processed, or dead-lettered), so it is
 * acknowledged; `false`: leave it for another worker (this one is stopping).
 */
export type DeliveryHandler = (
  delivery: WebhookDelivery,
  attempt: DeliveryAttempt,
) => Promise<boolean>;

export interface DeliveryAttempt {
  /** How many times the queue has handed this entry out, this time included. */
  readonly deliveries: number;
}

/** Where verified events wait for a worker: a Redis Stream, or this replica's memory. */
export interface WebhookQueue {
  /** Holds the event durably enough for this queue; false when it could not. */
  enqueue(delivery: WebhookDelivery): Promise<boolean>;
  /** Starts this replica's workers on the queue. */
  start(handler: DeliveryHandler): void;
  /** Stops reading; waits (bounded) for the event in hand. */
  stop(): Promise<void>;
  /** Events enqueued and not yet acknowledged. */
  lag(): Promise<number>;
}

/** Resolves after `ms`, or at once when `signal` aborts; never holds the process open. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
