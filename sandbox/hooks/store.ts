import { HttpError } from '../http.js';
import { createMessage, type HookEventData, type HookMessage } from './callback.js';
import {
  type DeliveryClock,
  type DeliveryRecord,
  HookDeliverer,
  PLATFORM_RETRY_DELAYS_MS,
} from './delivery.js';
import { assertHookCreate, type HookCreate, type HookUpdate } from './inputs.js';
import type { HookOwner, HookRecord } from './model.js';
import { scopeMatches } from './scopes.js';

/** The store's numeric id, `store_id` in every callback (BigCommerce's is a number as a string). */
export const SANDBOX_STORE_ID = '1000001';

/** How callbacks are signed and retried; `createSandbox` passes its own options here. */
export interface HookDeliveryConfig {
  /** The app the hooks belong to (`client_id`). @default 'sandbox-client-id' */
  clientId?: string;
  /** Its client secret: callbacks are signed with its base64. @default 'sandbox-client-secret' */
  clientSecret?: string;
  /** @default PLATFORM_RETRY_DELAYS_MS (60 s, 180 s, ...) */
  retryDelaysMs?: readonly number[];
  /** @default 5000 */
  timeoutMs?: number;
  /** @default real time */
  clock?: DeliveryClock;
}

/**
 * The store's webhooks (`/v3/hooks`) and their callbacks. Write paths call `emit(scope, data)`;
 * every active hook whose scope matches gets a signed callback, sent in the background.
 */
export class HookStore {
  readonly storeId = SANDBOX_STORE_ID;
  private readonly hooks: HookRecord[] = [];
  private nextId = 1;
  private emails: string[] = [];
  private owner: HookOwner;
  private deliverer: HookDeliverer;

  constructor(private readonly storeHash: string) {
    this.owner = { clientId: 'sandbox-client-id', storeHash };
    this.deliverer = this.createDeliverer({});
  }

  /** Replaces the delivery settings; call before any hook exists (`createSandbox` does). */
  configure(config: HookDeliveryConfig): void {
    void this.deliverer.close();
    this.owner = { clientId: config.clientId ?? 'sandbox-client-id', storeHash: this.storeHash };
    this.deliverer = this.createDeliverer(config);
  }

  get hookOwner(): HookOwner {
    return this.owner;
  }

  list(): readonly HookRecord[] {
    return this.hooks;
  }

  /** The hook, or the spec's 404 (`Webhook with id [{webhook_id}] not found`). */
  get(id: number): HookRecord {
    const hook = this.hooks.find((h) => h.id === id);
    if (!hook) throw new HttpError(404, `Webhook with id [${id}] not found`);
    return hook;
  }

  /** `POST /v3/hooks`; also for tests registering a hook in process (checked the same way). */
  create(input: HookCreate): HookRecord {
    const valid = assertHookCreate(input);
    const now = this.seconds();
    const isActive = valid.is_active ?? true;
    const hook: HookRecord = {
      id: this.nextId++,
      scope: valid.scope,
      destination: valid.destination,
      isActive,
      status: isActive ? 'active' : 'inactive',
      headers: valid.headers ?? null,
      createdAt: now,
      updatedAt: now,
    };
    this.hooks.push(hook);
    return hook;
  }

  update(id: number, patch: HookUpdate): HookRecord {
    const hook = this.get(id);
    if (patch.scope !== undefined) hook.scope = patch.scope;
    if (patch.destination !== undefined) hook.destination = patch.destination;
    if (patch.headers !== undefined) hook.headers = patch.headers;
    if (patch.is_active !== undefined) {
      hook.isActive = patch.is_active;
      hook.status = patch.is_active ? 'active' : 'inactive';
    }
    hook.updatedAt = this.seconds();
    return hook;
  }

  delete(id: number): HookRecord {
    const hook = this.get(id);
    this.hooks.splice(this.hooks.indexOf(hook), 1);
    return hook;
  }

  get notificationEmails(): readonly string[] {
    return this.emails;
  }

  setNotificationEmails(emails: readonly string[]): void {
    this.emails = [...new Set(emails)];
  }

  /**
   * Sends the event to every active hook whose scope matches, each as its own message (its own
   * `webhook-id`), and returns those messages. Returns at once: delivery runs in the background.
   */
  emit(scope: string, data: HookEventData): HookMessage[] {
    const now = this.deliverer.now();
    const origin = { storeHash: this.storeHash, storeId: this.storeId };
    const messages = this.hooks
      .filter((hook) => hook.isActive && scopeMatches(hook.scope, scope))
      .map((hook) => createMessage(origin, hook.id, scope, data, now));
    for (const message of messages) this.deliverer.send(message);
    return messages;
  }

  /** Every delivery attempt so far (oldest first), with the status each got. */
  deliveries(): DeliveryRecord[] {
    return this.deliverer.deliveries();
  }

  /** Resolves with the 2xx-answered attempts once there are `count` (matching `match`). */
  whenDelivered(count: number, match?: (record: DeliveryRecord) => boolean) {
    return this.deliverer.whenDelivered(count, match);
  }

  /** Resolves once no callback is queued, in flight or waiting for a retry. */
  whenIdle(): Promise<void> {
    return this.deliverer.whenIdle();
  }

  /** Sends an already sent callback again, same `webhook-id` and body: a duplicate on purpose. */
  redeliver(webhookId: string): Promise<DeliveryRecord> {
    return this.deliverer.redeliver(webhookId);
  }

  /** Stops every delivery and retry; `sandbox.close()` calls it. */
  close(): Promise<void> {
    return this.deliverer.close();
  }

  private seconds(): number {
    return Math.floor(this.deliverer.now() / 1000);
  }

  private createDeliverer(config: HookDeliveryConfig): HookDeliverer {
    return new HookDeliverer(
      {
        clientSecret: config.clientSecret ?? 'sandbox-client-secret',
        retryDelaysMs: config.retryDelaysMs ?? PLATFORM_RETRY_DELAYS_MS,
        timeoutMs: config.timeoutMs,
        clock: config.clock,
      },
      {
        targetOf: (hookId) => {
          const hook = this.hooks.find((h) => h.id === hookId);
          return hook?.isActive
            ? { destination: hook.destination, headers: hook.headers }
            : undefined;
        },
        exhausted: (hookId) => {
          const hook = this.hooks.find((h) => h.id === hookId);
          if (!hook) return;
          hook.isActive = false;
          hook.status = 'deactivated';
          hook.updatedAt = this.seconds();
        },
      },
    );
  }
}
