/**
 * A registered webhook. `status` is what `/v3/hooks/admin` reports: `inactive` when turned off
 * through the API, `deactivated` when the platform turned it off after its last failed retry.
 */
export interface HookRecord {
  id: number;
  scope: string;
  destination: string;
  isActive: boolean;
  status: 'active' | 'inactive' | 'deactivated';
  /** Sent with every callback; `null` when none were given, as BigCommerce answers. */
  headers: Record<string, string> | null;
  /** UNIX seconds. */
  createdAt: number;
  updatedAt: number;
}

/** Who a hook belongs to: the app (`client_id`) on its store. */
export interface HookOwner {
  clientId: string;
  storeHash: string;
}

/** `webhook_Full`, in the order of the spec's example. */
export function toHookView(hook: HookRecord, owner: HookOwner) {
  return {
    id: hook.id,
    client_id: owner.clientId,
    store_hash: owner.storeHash,
    created_at: hook.createdAt,
    updated_at: hook.updatedAt,
    scope: hook.scope,
    destination: hook.destination,
    is_active: hook.isActive,
    headers: hook.headers,
  };
}

/** An item of `/v3/hooks/admin`'s `hooks_list`: the hook and its `status`. */
export function toAdminHookView(hook: HookRecord, owner: HookOwner) {
  return { ...toHookView(hook, owner), status: hook.status };
}
