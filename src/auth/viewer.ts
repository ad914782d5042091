import type { RequestPriority } from '../datasources/quota.js';
import { SCOPES, type Scope } from './scopes.js';

/** A key's request budget: `requests` per `windowSeconds`, weighted by operation cost. */
export interface RateLimitSpec {
  readonly requests: number;
  readonly windowSeconds: number;
}

interface ViewerBase {
  /** The caller's address: the socket's, or `X-Forwarded-For` through a trusted proxy. */
  readonly clientIp: string;
}

/** Nobody signed in: the public catalog only. */
export interface AnonymousViewer extends ViewerBase {
  readonly kind: 'anonymous';
}

/** A shopper with a gateway session (from `login` or a storefront's current-customer JWT). */
export interface CustomerViewer extends ViewerBase {
  readonly kind: 'customer';
  readonly customerId: number;
  readonly customerGroupId: number;
  readonly sessionId: string;
}

/** A partner integration or an internal tool, by API key. */
export interface KeyViewer extends ViewerBase {
  readonly kind: 'partner' | 'internal';
  readonly keyId: string;
  readonly keyName: string;
  readonly scopes: ReadonlySet<Scope>;
  readonly rateLimit: RateLimitSpec | undefined;
  /** Only operations from the persisted manifest; ad-hoc documents are refused. */
  readonly persistedOnly: boolean;
}

export type Viewer = AnonymousViewer | CustomerViewer | KeyViewer;

/** `internal` keys hold every scope, whatever they were created with. */
export const ALL_SCOPES: ReadonlySet<Scope> = new Set(SCOPES);

export function hasScope(viewer: Viewer, scope: Scope): boolean {
  if (viewer.kind === 'internal') return true;
  if (viewer.kind === 'partner') return viewer.scopes.has(scope);
  // Shoppers read the public catalog; their own data is guarded by ownership, not scopes.
  return scope === 'catalog:read';
}

/** Whose work this is upstream: shoppers first, partners yield before BigCommerce's quota runs out. */
export function priorityOf(viewer: Viewer): RequestPriority {
  return viewer.kind === 'partner' ? 'partner' : 'shopper';
}

/** Only an anonymous answer is the same for everyone, so only it may be shared between callers. */
export function isPublicViewer(viewer: Viewer): viewer is AnonymousViewer {
  return viewer.kind === 'anonymous';
}

/** Who a rate limit counts against: the key, the customer, or the anonymous caller's address. */
export function rateLimitSubject(viewer: Viewer): string {
  switch (viewer.kind) {
    case 'anonymous':
      return `ip:${viewer.clientIp}`;
    case 'customer':
      return `customer:${viewer.customerId}`;
    default:
      return `key:${viewer.keyId}`;
  }
}

/** What logs and the audit trail name the caller by: never a secret. */
export function viewerLabel(viewer: Viewer): Record<string, string | number> {
  switch (viewer.kind) {
    case 'anonymous':
      return { viewer: 'anonymous' };
    case 'customer':
      return { viewer: 'customer', customerId: viewer.customerId };
    default:
      return { viewer: viewer.kind, keyId: viewer.keyId };
  }
}
