import type { HookCallbackBody, HookMessage } from './callback.js';

/** One attempt, as `sandbox.hooks.deliveries()` lists it. */
export interface DeliveryRecord {
  webhookId: string;
  hookId: number;
  scope: string;
  destination: string;
  /** 1 for the first attempt, 2 for the first retry... */
  attempt: number;
  /** Sent by `redeliver()`: a duplicate on purpose. */
  duplicate: boolean;
  /** The destination's HTTP status; `null` when it did not answer (refused, timed out). */
  status: number | null;
  ok: boolean;
  error?: string;
  /** The `webhook-timestamp` sent (UNIX seconds). */
  timestamp: number;
  body: HookCallbackBody;
}

/** Records kept for tests and the control route; older ones drop (a bench sends thousands). */
const KEEP = 10_000;

/**
 * What was sent: every message (so it can be sent again) and every attempt, and the waits tests
 * make on them. After `close()` waiting callers are rejected rather than left hanging.
 */
export class DeliveryLog {
  private readonly records: DeliveryRecord[] = [];
  private readonly messages = new Map<string, HookMessage>();
  private readonly waiters = new Set<() => void>();
  private closed = false;

  remember(message: HookMessage): void {
    this.messages.set(message.id, message);
    if (this.messages.size > KEEP) {
      const oldest = this.messages.keys().next().value;
      if (oldest !== undefined) this.messages.delete(oldest);
    }
  }

  message(webhookId: string): HookMessage | undefined {
    return this.messages.get(webhookId);
  }

  push(record: DeliveryRecord): void {
    if (this.closed) return;
    this.records.push(record);
    if (this.records.length > KEEP) this.records.shift();
    this.notify();
  }

  all(): DeliveryRecord[] {
    return [...this.records];
  }

  attemptsOf(webhookId: string): DeliveryRecord[] {
    return this.records.filter((r) => r.webhookId === webhookId);
  }

  /** Resolves with the 2xx-answered attempts once `count` of them (matching `match`) were made. */
  whenDelivered(
    count: number,
    match: (record: DeliveryRecord) => boolean = () => true,
  ): Promise<DeliveryRecord[]> {
    return this.until(() => {
      const done = this.records.filter((r) => r.ok && match(r));
      return done.length >= count ? done : undefined;
    });
  }

  /** Resolves once `check` returns a value; it is asked again after every `notify()`. */
  until<T>(check: () => T | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const wake = () => {
        if (this.closed) {
          this.waiters.delete(wake);
          return reject(new Error('The sandbox closed'));
        }
        const value = check();
        if (value === undefined) return;
        this.waiters.delete(wake);
        resolve(value);
      };
      this.waiters.add(wake);
      wake();
    });
  }

  notify(): void {
    for (const wake of [...this.waiters]) wake();
  }

  close(): void {
    this.closed = true;
    this.notify();
  }
}
