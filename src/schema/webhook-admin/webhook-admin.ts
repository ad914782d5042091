import type { BcBlockedDomain, BcHooksAdmin } from '../../datasources/schemas/hooks.js';
import { builder } from '../builder.js';
import { UPSTREAM_CALL } from '../query-cost.js';

type BcBlockReason = NonNullable<BcBlockedDomain['reasons']>[number];

const BlockReasonRef = builder.objectRef<BcBlockReason>('WebhookBlockReason').implement({
  description: 'Why BigCommerce denylisted a domain: one kind of failed delivery.',
  fields: (t) => ({
    description: t.string({
      nullable: true,
      description: 'The failure, in BigCommerce’s words (a status code, a timeout).',
      resolve: (reason) => reason.failure_description ?? null,
    }),
    count: t.int({
      nullable: true,
      description: 'How many deliveries failed this way.',
      resolve: (reason) => reason.count ?? null,
    }),
    at: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it last happened.',
      resolve: (reason) =>
        reason.timestamp === undefined ? null : new Date(reason.timestamp * 1000).toISOString(),
    }),
  }),
});

const BlockedDomainRef = builder.objectRef<BcBlockedDomain>('WebhookBlockedDomain').implement({
  description:
    'A destination BigCommerce stopped calling for a while after too many failed deliveries.',
  fields: (t) => ({
    destination: t.string({
      description: 'The denylisted domain.',
      resolve: (domain) => domain.destination,
    }),
    secondsLeft: t.int({
      nullable: true,
      description: 'Seconds until BigCommerce calls it again.',
      resolve: (domain) => domain.time_left ?? null,
    }),
    reasons: t.field({
      type: [BlockReasonRef],
      description: 'The failures that put it on the denylist.',
      resolve: (domain) => domain.reasons ?? [],
    }),
  }),
});

export const WebhookAdminRef = builder.objectRef<BcHooksAdmin>('WebhookAdmin').implement({
  description: 'The store’s webhook administration (`/v3/hooks/admin`).',
  fields: (t) => ({
    notificationEmails: t.stringList({
      description: 'Who BigCommerce emails when a domain is denylisted or a hook deactivated.',
      resolve: (admin) => admin.emails,
    }),
    blockedDomains: t.field({
      type: [BlockedDomainRef],
      description: 'Destinations on the denylist now.',
      resolve: (admin) => admin.blocked_domains,
    }),
  }),
});

builder.queryField('webhookAdmin', (t) =>
  t.field({
    type: WebhookAdminRef,
    description: 'Notification emails and denylisted domains, for keys with `webhooks:read`.',
    authScopes: { scope: 'webhooks:read' },
    complexity: UPSTREAM_CALL,
    resolve: (_root, _args, ctx) => ctx.hooks.getAdmin(),
  }),
);
