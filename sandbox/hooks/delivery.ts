import { Agent, request } from 'undici';
import { createSigner, type HookMessage } from './callback.js';
import { DeliveryLog, type DeliveryRecord } from './delivery-log.js';

export type { DeliveryRecord } from './delivery-log.js';

/**
 * BigCommerce's redelivery schedule after a failed callback, roughly: 60 s, 180 s, 300 s, then
 * longer waits, about 48 hours in all; after the last one the hook is deactivated.
 */
export const PLATFORM_RETRY_DELAYS_MS: readonly number[] = [
  60, 180, 300, 600, 900, 1_800, 3_600, 7_200, 21_600, 43_200, 86_400,
].map((s) => s * 1000);

/** What the deliverer needs of time (the sandbox's clock, or real time). */
export interface DeliveryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface DeliveryOptions {
  clientSecret: string;
  /** The wait after each failed attempt; one attempt more than delays. @default PLATFORM_RETRY_DELAYS_MS */
  retryDelaysMs?: readonly number[];
  /** Per attempt, connect to last byte. @default 5000 */
  timeoutMs?: number;
  /** @default real time */
  clock?: DeliveryClock;
}

/** Where a hook's callbacks go now; `undefined` once it is deleted or inactive (retries stop). */
export interface DeliveryTarget {
  destination: string;
  headers: Record<string, string> | null;
}

export interface DeliveryHooks {
  targetOf(hookId: number): DeliveryTarget | undefined;
  /** Every retry failed: the platform deactivates the hook. */
  exhausted(hookId: number): void;
}

/**
 * Sends callbacks off the request path, retries failures on the schedule with the same
 * `webhook-id`, and keeps a record of every attempt. Nothing is sent after `close()`.
 */
export class HookDeliverer {
  private readonly sign: ReturnType<typeof createSigner>;
  private readonly delays: readonly number[];
  private readonly timeoutMs: number;
  private readonly clock: DeliveryClock | undefined;
  private readonly log = new DeliveryLog();
  private readonly timers = new Set<NodeJS.Timeout>();
  private agent: Agent | undefined;
  private pending = 0;
  private closed = false;
  private markClosed: () => void = () => {};
  /** Settles on `close()`: every retry wait races it. */
  private readonly closing = new Promise<void>((resolve) => {
    this.markClosed = resolve;
  });

  constructor(
    options: DeliveryOptions,
    private readonly hooks: DeliveryHooks,
  ) {
    this.sign = createSigner(options.clientSecret);
    this.delays = options.retryDelaysMs ?? PLATFORM_RETRY_DELAYS_MS;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.clock = options.clock;
  }

  now(): number {
    return this.clock ? this.clock.now() : Date.now();
  }

  /** Queues a message's first attempt; returns at once (the API answer is never held up). */
  send(message: HookMessage): void {
    if (this.closed) return;
    this.log.remember(message);
    this.track(async () => {
      for (let attempt = 1; !this.closed; attempt++) {
        const target = this.hooks.targetOf(message.hookId);
        if (!target) return;
        if ((await this.attempt(message, target, attempt, false)).ok) return;
        const delay = this.delays[attempt - 1];
        if (delay === undefined) return this.hooks.exhausted(message.hookId);
        await this.wait(delay);
      }
    });
  }

  /**
   * Sends a message again, once, with its `webhook-id` and body (a fresh timestamp and signature),
   * as the platform's at-least-once delivery can: for receivers' duplicate tests.
   */
  async redeliver(webhookId: string): Promise<DeliveryRecord> {
    const message = this.log.message(webhookId);
    if (!message) throw new Error(`No callback ${webhookId} was sent`);
    if (this.closed) throw new Error('The sandbox is closed');
    const earlier = this.log.attemptsOf(webhookId);
    // A hook deleted or turned off since: the duplicate goes where the original went.
    const last = earlier.at(-1);
    const target =
      this.hooks.targetOf(message.hookId) ??
      (last ? { destination: last.destination, headers: null } : undefined);
    if (!target) throw new Error(`Callback ${webhookId} has no destination to send it to again`);
    let record: DeliveryRecord | undefined;
    await this.track(async () => {
      record = await this.attempt(message, target, earlier.length + 1, true);
    });
    if (!record) throw new Error('The sandbox closed before the redelivery');
    return record;
  }

  deliveries(): DeliveryRecord[] {
    return this.log.all();
  }

  /** Resolves with the 2xx-answered attempts once `count` of them (matching `match`) were made. */
  whenDelivered(count: number, match?: (record: DeliveryRecord) => boolean) {
    return this.log.whenDelivered(count, match);
  }

  /** Resolves once nothing is queued, in flight or waiting for a retry. */
  whenIdle(): Promise<void> {
    return this.log.until(() => (this.pending === 0 ? true : undefined)).then(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.markClosed();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.log.close();
    await this.agent?.destroy();
  }

  private async attempt(
    message: HookMessage,
    target: DeliveryTarget,
    attempt: number,
    duplicate: boolean,
  ): Promise<DeliveryRecord> {
    const now = this.now();
    const signed = this.sign(message, now);
    // The hook's own headers first: they may not replace the signature or the content type.
    const headers = { ...target.headers, 'content-type': 'application/json', ...signed };
    const record: DeliveryRecord = {
      webhookId: message.id,
      hookId: message.hookId,
      scope: message.body.scope,
      destination: target.destination,
      attempt,
      duplicate,
      status: null,
      ok: false,
      timestamp: Number(signed['webhook-timestamp']),
      body: message.body,
    };
    try {
      const res = await request(target.destination, {
        method: 'POST',
        headers,
        body: message.raw,
        dispatcher: this.dispatcher(),
        // `close()` destroys the agent, which ends a request still in flight.
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.body.dump();
      record.status = res.statusCode;
      record.ok = res.statusCode >= 200 && res.statusCode < 300;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    if (!this.closed) this.log.push(record);
    return record;
  }

  private dispatcher(): Agent {
    this.agent ??= new Agent({ connect: { timeout: this.timeoutMs }, keepAliveTimeout: 1000 });
    return this.agent;
  }

  /** Runs a delivery in the background, counted until it settles (`whenIdle`). */
  private track(job: () => Promise<void>): Promise<void> {
    this.pending++;
    const run = new Promise<void>((resolve) => setImmediate(resolve)).then(job).finally(() => {
      this.pending--;
      this.log.notify();
    });
    // A failure here is a sandbox bug, not a delivery outcome: surface it without crashing.
    run.catch((error: unknown) => console.error('sandbox hook delivery failed', error));
    return run.catch(() => undefined);
  }

  /** Resolves after `ms`, or at once when the sandbox closes. */
  private wait(ms: number): Promise<void> {
    if (this.clock) return Promise.race([this.clock.sleep(ms), this.closing]);
    const slept = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
    return Promise.race([slept, this.closing]);
  }
}
