import type { BcHook } from '../../datasources/schemas/hooks.js';
import { builder } from '../builder.js';
import { UPSTREAM_CALL } from '../query-cost.js';

/** BigCommerce's UNIX seconds as the graph's ISO-8601 `DateTime`. */
const isoFromSeconds = (seconds: number | undefined): string | null =>
  seconds === undefined ? null : new Date(seconds * 1000).toISOString();

export const WebhookRef = builder.objectRef<BcHook>('Webhook').implement({
  description: 'A webhook the gateway’s app registered on the store (BigCommerce Webhooks v3).',
  fields: (t) => ({
    entityId: t.exposeInt('id', { description: 'BigCommerce webhook id.' }),
    scope: t.exposeString('scope', {
      description: 'The event it subscribes to (`store/product/updated`, `store/order/*`).',
    }),
    destination: t.exposeString('destination', { description: 'The URL BigCommerce calls.' }),
    isActive: t.exposeBoolean('is_active', {
      description: 'Whether BigCommerce sends it events; false once turned off or deactivated.',
    }),
    createdAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the webhook was created.',
      resolve: (hook) => isoFromSeconds(hook.created_at),
    }),
    updatedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the webhook last changed.',
      resolve: (hook) => isoFromSeconds(hook.updated_at),
    }),
  }),
});

builder.queryField('webhooks', (t) =>
  t.field({
    type: [WebhookRef],
    description: 'Every webhook of the store’s app, active or not, for keys with `webhooks:read`.',
    authScopes: { scope: 'webhooks:read' },
    // Every page of `GET /v3/hooks`: a store has tens of hooks, not thousands.
    complexity: UPSTREAM_CALL,
    resolve: (_root, _args, ctx) => ctx.hooks.listHooks(),
  }),
);
