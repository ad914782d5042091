import type { WebhookDelivery } from './callback.js';
import { type DeliveryHandler, pause, type WebhookQueue } from './queue.js';

/**
 * This replica's queue without Redis (or while Redis is down): one worker, in order. Nothing here
 * survives the process; with Redis configured it only holds what arrived during an outage.
 */
export function createMemoryQueue(options: { maxLength: number; stopTimeoutMs: number }) {
  const waiting: WebhookDelivery[] = [];
  let inHand = 0;
  let wake: (() => void) | undefined;
  let loop: Promise<void> | undefined;
  const stopping = new AbortController();
  // One listener for the queue's life: one per wait would pile up on the signal, never removed.
  stopping.signal.addEventListener('abort', () => wake?.(), { once: true });

  const next = async (): Promise<WebhookDelivery | undefined> => {
    while (!stopping.signal.aborted) {
      const delivery = waiting.shift();
      if (delivery) return delivery;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
    return undefined;
  };

  const run = async (handler: DeliveryHandler) => {
    for (;;) {
      const delivery = await next();
      if (!delivery) return;
      inHand = 1;
      const done = await handler(delivery, { deliveries: 1 }).catch(() => false);
      inHand = 0;
      // Not done only while stopping: the event stays for nobody (memory), which `stop` accepts.
      if (!done) return;
    }
  };

  const queue: WebhookQueue & { readonly size: number } = {
    get size() {
      return waiting.length + inHand;
    },
    async enqueue(delivery) {
      if (stopping.signal.aborted || waiting.length >= options.maxLength) return false;
      waiting.push(delivery);
      wake?.();
      return true;
    },
    start(handler) {
      loop ??= run(handler);
    },
    async stop() {
      stopping.abort();
      if (loop)
        await Promise.race([loop, pause(options.stopTimeoutMs, new AbortController().signal)]);
    },
    lag: async () => waiting.length + inHand,
  };
  return queue;
}

export type MemoryQueue = ReturnType<typeof createMemoryQueue>;
