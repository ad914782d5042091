import { z } from 'zod';

/**
 * `webhook_Full` of webhooks.v3.yml (the items of `GET /v3/hooks` have the same fields). Loose:
 * BigCommerce adds fields (`status` appears in the admin view). `headers` is nullable per the spec.
 */
const bcHookShape = {
  id: z.number().int(),
  client_id: z.string().optional(),
  store_hash: z.string().optional(),
  scope: z.string().min(1),
  destination: z.string().min(1),
  is_active: z.boolean(),
  headers: z.record(z.string(), z.string()).nullable().optional(),
  created_at: z.number().int().optional(),
  updated_at: z.number().int().optional(),
};
export const bcHookSchema = z.looseObject(bcHookShape);
/**
 * The same shape for `GET /v3/hooks` items. A schema object of its own: `HttpClient` remembers one
 * envelope per item schema, so a schema used for both lists and single answers gets the wrong one.
 */
export const bcHookListItemSchema = z.looseObject(bcHookShape);
export type BcHook = z.infer<z.ZodObject<typeof bcHookShape>>;

/** `webhook_Base`: what a create sends (`scope` and `destination` required). */
export interface BcHookInput {
  scope: string;
  destination: string;
  is_active?: boolean;
  headers?: Record<string, string> | null;
}

/** `webhook_Put`: at least one field. */
export type BcHookPatch = Partial<BcHookInput>;

/** A denylisted domain of `GET /v3/hooks/admin`: why, and for how much longer. */
const bcBlockedDomainSchema = z.looseObject({
  destination: z.string(),
  time_left: z.number().int().optional(),
  reasons: z
    .array(
      z.looseObject({
        failure_description: z.string().optional(),
        count: z.number().int().optional(),
        timestamp: z.number().int().optional(),
      }),
    )
    .optional(),
});
export type BcBlockedDomain = z.infer<typeof bcBlockedDomainSchema>;

/**
 * `GET /v3/hooks/admin`'s `data`: notification emails, the hooks (each with its `status`) and the
 * denylisted domains. Every list defaults to empty: the spec marks none of them required.
 */
export const bcHooksAdminSchema = z.looseObject({
  emails: z.array(z.string()).default([]),
  hooks_list: z
    .array(
      z.looseObject({
        ...bcHookShape,
        status: z.enum(['inactive', 'active', 'deactivated']).optional(),
      }),
    )
    .default([]),
  blocked_domains: z.array(bcBlockedDomainSchema).default([]),
});
export type BcHooksAdmin = z.infer<typeof bcHooksAdminSchema>;
