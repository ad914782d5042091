import type { HooksApi } from '../datasources/hooks.js';
import type { BcHook } from '../datasources/schemas/hooks.js';
import { GATEWAY_WEBHOOK_SCOPES } from './scopes.js';

/**
 * The custom header marking a hook as the gateway's own: sync only ever reactivates or removes
 * hooks that carry it, never one another app or a person made on the same store.
 */
export const OWNER_HEADER: readonly [string, string] = ['X-Gateway-Hook', 'bcgw'];

export interface HookSyncTarget {
  /** Where callbacks go: the gateway's `WEBHOOK_PATH` on its public origin. */
  readonly destination: string;
  /** @default GATEWAY_WEBHOOK_SCOPES */
  readonly scopes?: readonly string[];
  /** Sent with every callback besides the owner mark (`WEBHOOK_REQUIRED_HEADER`). */
  readonly requiredHeader?: readonly [string, string];
}

export type HookChange =
  | { kind: 'create'; scope: string; headers: Record<string, string> }
  | { kind: 'reactivate'; hook: BcHook; headers: Record<string, string> }
  | { kind: 'update-headers'; hook: BcHook; headers: Record<string, string> }
  | { kind: 'remove'; hook: BcHook };

/**
 * What makes the store's hooks match the target: one active hook per scope at the destination,
 * carrying the expected headers; the gateway's other hooks (another destination, a scope it no
 * longer needs, a duplicate) removed. Empty when nothing needs to change.
 */
export function planHookSync(existing: readonly BcHook[], target: HookSyncTarget): HookChange[] {
  const headers = expectedHeaders(target);
  const owned = existing.filter(isOwned);
  const changes: HookChange[] = [];
  const kept = new Set<BcHook>();
  for (const scope of target.scopes ?? GATEWAY_WEBHOOK_SCOPES) {
    const hook = owned.find(
      (h) => h.scope === scope && h.destination === target.destination && !kept.has(h),
    );
    if (!hook) {
      changes.push({ kind: 'create', scope, headers });
      continue;
    }
    kept.add(hook);
    if (!hook.is_active) changes.push({ kind: 'reactivate', hook, headers });
    else if (!sameHeaders(hook.headers ?? {}, headers)) {
      changes.push({ kind: 'update-headers', hook, headers });
    }
  }
  for (const hook of owned) if (!kept.has(hook)) changes.push({ kind: 'remove', hook });
  return changes;
}

/** Applies the plan, in order; resolves with one line per change, as printed. */
export async function applyHookSync(
  hooks: HooksApi,
  destination: string,
  changes: readonly HookChange[],
  print: (line: string) => void,
): Promise<void> {
  for (const change of changes) {
    switch (change.kind) {
      case 'create': {
        const hook = await hooks.createHook({
          scope: change.scope,
          destination,
          is_active: true,
          headers: change.headers,
        });
        print(`created      #${hook.id} ${hook.scope}`);
        break;
      }
      case 'reactivate':
        await hooks.updateHook(change.hook.id, { is_active: true, headers: change.headers });
        print(`reactivated  #${change.hook.id} ${change.hook.scope}`);
        break;
      case 'update-headers':
        await hooks.updateHook(change.hook.id, { headers: change.headers });
        print(`updated      #${change.hook.id} ${change.hook.scope} (headers)`);
        break;
      case 'remove':
        await hooks.deleteHook(change.hook.id);
        print(`removed      #${change.hook.id} ${change.hook.scope} → ${change.hook.destination}`);
        break;
    }
  }
}

/** Plans and applies in one go (the demo, at start-up); resolves with the changes made. */
export async function syncHooks(
  hooks: HooksApi,
  target: HookSyncTarget,
  print: (line: string) => void = () => {},
): Promise<HookChange[]> {
  const changes = planHookSync(await hooks.listHooks(), target);
  await applyHookSync(hooks, target.destination, changes, print);
  return changes;
}

function expectedHeaders(target: HookSyncTarget): Record<string, string> {
  const [name, value] = OWNER_HEADER;
  const headers: Record<string, string> = { [name]: value };
  if (target.requiredHeader) headers[target.requiredHeader[0]] = target.requiredHeader[1];
  return headers;
}

function isOwned(hook: BcHook): boolean {
  const [name, value] = OWNER_HEADER;
  return headerOf(hook.headers ?? {}, name) === value;
}

/** Header names compare without case (BigCommerce may answer them as sent, or not). */
function headerOf(headers: Record<string, string>, name: string): string | undefined {
  const found = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
  return found === undefined ? undefined : headers[found];
}

function sameHeaders(actual: Record<string, string>, expected: Record<string, string>): boolean {
  const keys = Object.keys(expected);
  return (
    Object.keys(actual).length === keys.length &&
    keys.every((name) => headerOf(actual, name) === expected[name])
  );
}
