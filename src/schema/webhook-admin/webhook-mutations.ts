import { z } from 'zod';
import type { Context } from '../../context.js';
import { UpstreamInputError, UpstreamNotFoundError } from '../../datasources/errors.js';
import type { BcHook, BcHooksAdmin } from '../../datasources/schemas/hooks.js';
import { builder } from '../builder.js';
import { InvalidInputError, NotFoundError } from '../commerce/common-errors.js';
import { auditedWrite } from '../customers/customer-audit.js';
import { UPSTREAM_CALL } from '../query-cost.js';
import { WebhookRef } from './webhook.js';
import { WebhookAdminRef } from './webhook-admin.js';

const SetWebhookNotificationEmailsInput = builder.inputType('SetWebhookNotificationEmailsInput', {
  description: 'The complete list of notification emails; it replaces the current one.',
  fields: (t) => ({
    emails: t.stringList({
      required: true,
      description: 'Addresses to notify (an empty list notifies nobody).',
      validate: z
        .array(z.email('must be an email address').max(250))
        .max(50, 'at most 50 addresses'),
    }),
  }),
});

const SetWebhookActiveInput = builder.inputType('SetWebhookActiveInput', {
  description: 'Turns one webhook on or off.',
  fields: (t) => ({
    hookEntityId: t.int({
      required: true,
      description: 'BigCommerce webhook id (`Webhook.entityId`).',
      validate: z.number().int().positive('must be a positive id'),
    }),
    active: t.boolean({ required: true, description: 'True to send events again, false to stop.' }),
  }),
});

const SetWebhookNotificationEmailsPayload = builder
  .objectRef<{ admin: BcHooksAdmin }>('SetWebhookNotificationEmailsPayload')
  .implement({
    description: 'The outcome of `setWebhookNotificationEmails`.',
    fields: (t) => ({
      webhookAdmin: t.field({
        type: WebhookAdminRef,
        description: 'The webhook administration, as changed.',
        resolve: (p) => p.admin,
      }),
    }),
  });

const SetWebhookActivePayload = builder
  .objectRef<{ hook: BcHook }>('SetWebhookActivePayload')
  .implement({
    description: 'The outcome of `setWebhookActive`.',
    fields: (t) => ({
      webhook: t.field({
        type: WebhookRef,
        description: 'The webhook, as changed.',
        resolve: (p) => p.hook,
      }),
    }),
  });

/** BigCommerce's refusal in the gateway's words; its own message never reaches the caller. */
function refusal(error: unknown, field: string): never {
  if (error instanceof UpstreamNotFoundError)
    throw new NotFoundError('No such webhook.', { field });
  if (error instanceof UpstreamInputError) {
    throw new InvalidInputError(`BigCommerce refused this value (${field}).`, { field });
  }
  throw error;
}

builder.mutationField('setWebhookNotificationEmails', (t) =>
  t.field({
    type: SetWebhookNotificationEmailsPayload,
    description: 'Replaces who BigCommerce emails about denylisted domains and deactivated hooks.',
    authScopes: { scope: 'webhooks:write' },
    args: {
      input: t.arg({
        type: SetWebhookNotificationEmailsInput,
        required: true,
        description: 'The addresses.',
      }),
    },
    errors: {
      types: [InvalidInputError],
      directResult: true,
      union: {
        name: 'SetWebhookNotificationEmailsResult',
        description: 'The admin view, or why not.',
      },
    },
    complexity: UPSTREAM_CALL,
    resolve: (_root, { input }, ctx: Context) =>
      // Details are counts only: the addresses are people's, not ids.
      auditedWrite(
        ctx,
        'setWebhookNotificationEmails',
        { emails: input.emails.length },
        async () => {
          const emails = [...new Set(input.emails)];
          await ctx.hooks
            .setNotificationEmails(emails)
            .catch((error: unknown) => refusal(error, 'input.emails'));
          return { admin: await ctx.hooks.getAdmin() };
        },
      ),
  }),
);

builder.mutationField('setWebhookActive', (t) =>
  t.field({
    type: SetWebhookActivePayload,
    description: 'Turns a webhook on or off (`PUT /v3/hooks/{id}` with `is_active`).',
    authScopes: { scope: 'webhooks:write' },
    args: {
      input: t.arg({ type: SetWebhookActiveInput, required: true, description: 'Which, and how.' }),
    },
    errors: {
      types: [NotFoundError, InvalidInputError],
      directResult: true,
      union: { name: 'SetWebhookActiveResult', description: 'The webhook, or why not.' },
    },
    complexity: UPSTREAM_CALL,
    resolve: (_root, { input }, ctx: Context) =>
      auditedWrite(
        ctx,
        'setWebhookActive',
        { hookId: input.hookEntityId, active: input.active },
        async () => ({
          hook: await ctx.hooks
            .updateHook(input.hookEntityId, { is_active: input.active })
            .catch((error: unknown) => refusal(error, 'input.hookEntityId')),
        }),
      ),
  }),
);
