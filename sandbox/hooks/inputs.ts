import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { parseBody } from '../carts/body.js';
import { HttpError } from '../http.js';
import { HOOK_SCOPES } from './scopes.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * BigCommerce calls only `https` destinations on port 443. The sandbox also accepts any port (and
 * plain `http`) on a loopback host, so tests and the demo can receive callbacks on an ephemeral
 * `http://127.0.0.1:PORT` server; nothing else is accepted that the platform would refuse.
 */
export function isAcceptedDestination(destination: string): boolean {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    return false;
  }
  if (LOOPBACK.has(url.hostname)) return url.protocol === 'http:' || url.protocol === 'https:';
  return url.protocol === 'https:' && url.port === '';
}

const scope = z.string().refine((s) => HOOK_SCOPES.has(s), 'is not a webhook scope');
const destination = z
  .string()
  .refine(
    isAcceptedDestination,
    'must be an https URL on port 443 (the sandbox also takes http on 127.0.0.1, any port)',
  );
const headers = z.record(z.string(), z.string()).nullable();

/** `webhook_Base`: `scope` and `destination` required. */
const createSchema = z.looseObject({
  scope,
  destination,
  is_active: z.boolean().optional(),
  headers: headers.optional(),
});

/** `webhook_Put`: every field optional, but "at least one field is required to perform an update". */
const updateSchema = z
  .looseObject({
    scope: scope.optional(),
    destination: destination.optional(),
    is_active: z.boolean().optional(),
    headers: headers.optional(),
  })
  .refine(
    (b) =>
      b.scope !== undefined ||
      b.destination !== undefined ||
      b.is_active !== undefined ||
      b.headers !== undefined,
    'at least one of scope, destination, is_active, headers is required',
  );

const adminSchema = z.object({ emails: z.array(z.email()) });

export type HookCreate = z.infer<typeof createSchema>;
export type HookUpdate = z.infer<typeof updateSchema>;

export const parseHookCreate = (req: IncomingMessage) => parseBody(req, createSchema);
export const parseHookUpdate = (req: IncomingMessage) => parseBody(req, updateSchema);
export const parseAdminEmails = (req: IncomingMessage) => parseBody(req, adminSchema);

/** The same rules for hooks made in process (`sandbox.hooks.create`), as a 422 when broken. */
export function assertHookCreate(input: HookCreate): HookCreate {
  const parsed = createSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const errors = Object.fromEntries(
    parsed.error.issues.map((i) => [i.path.map(String).join('.') || 'body', i.message]),
  );
  throw new HttpError(422, 'JSON data is missing or invalid', errors);
}
