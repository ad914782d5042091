import type { HttpClient, QueryValue, UpstreamRequest } from './http-client.js';
import { readAllPages } from './paging.js';
import type { RequestPriority } from './quota.js';
import {
  type BcHook,
  type BcHookInput,
  type BcHookPatch,
  type BcHooksAdmin,
  bcHookListItemSchema,
  bcHookSchema,
  bcHooksAdminSchema,
} from './schemas/hooks.js';

/** `GET /v3/hooks` filters, named as BigCommerce's query parameters. */
export interface HookListFilter {
  is_active?: boolean;
  scope?: string;
  destination?: string;
}

/**
 * Webhooks v3 (webhooks.v3.yml): the hooks of the app whose token makes the calls. Used by
 * `npm run webhooks:sync` and by the back office's webhook fields (`src/schema/webhook-admin/`).
 */
export class HooksApi {
  constructor(
    private readonly http: HttpClient,
    private readonly options: { requestId?: string; priority?: RequestPriority } = {},
  ) {}

  /** Every hook of the app, all pages. */
  listHooks(filter: HookListFilter = {}): Promise<BcHook[]> {
    return readAllPages(
      this.http,
      (query) => this.request('/v3/hooks', query),
      { ...filter },
      bcHookListItemSchema,
    );
  }

  /** `POST /v3/hooks` (answered 200, not 201, per the spec). */
  createHook(input: BcHookInput): Promise<BcHook> {
    return this.http.sendV3({ ...this.request('/v3/hooks'), body: input }, bcHookSchema);
  }

  /** `PUT /v3/hooks/{webhook_id}`. */
  updateHook(id: number, patch: BcHookPatch): Promise<BcHook> {
    return this.http.sendV3(
      { ...this.request(`/v3/hooks/${id}`), method: 'PUT', body: patch },
      bcHookSchema,
    );
  }

  /** `DELETE /v3/hooks/{webhook_id}`: answers the deleted hook. */
  deleteHook(id: number): Promise<BcHook> {
    return this.http.getV3({ ...this.request(`/v3/hooks/${id}`), method: 'DELETE' }, bcHookSchema);
  }

  /** `GET /v3/hooks/admin`: notification emails, every hook with its status, denylisted domains. */
  getAdmin(): Promise<BcHooksAdmin> {
    return this.http.getV3(this.request('/v3/hooks/admin'), bcHooksAdminSchema);
  }

  /** `PUT /v3/hooks/admin` (answered 204): replaces the notification emails. */
  async setNotificationEmails(emails: readonly string[]): Promise<void> {
    await this.http.sendRaw({
      ...this.request('/v3/hooks/admin'),
      method: 'PUT',
      body: { emails },
    });
  }

  private request(path: string, query: Record<string, QueryValue> = {}): UpstreamRequest {
    // An operator's command, not a shopper's: unless told otherwise, it waits behind storefront
    // traffic.
    const { requestId, priority = 'background' } = this.options;
    return { path, query, priority, ...(requestId ? { requestId } : {}) };
  }
}
