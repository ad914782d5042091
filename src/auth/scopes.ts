import { z } from 'zod';

/** What an API key may be allowed. Customers and anonymous callers get none of these by name. */
export const SCOPES = [
  'catalog:read',
  'catalog:read_hidden',
  'catalog:write',
  'inventory:write',
  'promotions:write',
  'customers:read',
  'customers:write',
  'carts:write',
  'checkout:write',
  'orders:read',
  'orders:write',
  'subscriptions',
  'webhooks:read',
  'webhooks:write',
] as const;

export type Scope = (typeof SCOPES)[number];

export const scopeSchema = z.enum(SCOPES);

/** `a,b,c` as typed on the CLI: every name must be a known scope. */
export function parseScopes(text: string): Scope[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return [...new Set(names.map((name) => scopeSchema.parse(name)))];
}
