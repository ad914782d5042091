import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/auth/scopes.js';
import { captureLogger } from '../helpers/log-capture.js';
import { type Stack, startStack } from '../helpers/stack.js';

const WEBHOOKS = /* GraphQL */ `{
  webhooks { entityId scope destination isActive createdAt updatedAt }
}`;
const ADMIN = /* GraphQL */ `{
  webhookAdmin { notificationEmails blockedDomains { destination secondsLeft reasons { description count at } } }
}`;
const SET_ACTIVE = /* GraphQL */ `
  mutation SetActive($input: SetWebhookActiveInput!) {
    setWebhookActive(input: $input) {
      __typename
      ... on SetWebhookActivePayload { webhook { entityId isActive } }
      ... on Error { message code field }
    }
  }
`;
const SET_EMAILS = /* GraphQL */ `
  mutation SetEmails($input: SetWebhookNotificationEmailsInput!) {
    setWebhookNotificationEmails(input: $input) {
      __typename
      ... on SetWebhookNotificationEmailsPayload { webhookAdmin { notificationEmails } }
      ... on Error { message code field }
    }
  }
`;

const logs = captureLogger('trace');
let stack: Stack;
const keys = { reader: '', writer: '', partner: '' };

beforeAll(async () => {
  stack = await startStack({
    sandbox: { products: 3 },
    logger: logs.logger,
    env: { RESPONSE_CACHE_TTL_S: '0', LOG_LEVEL: 'trace' },
  });
  const create = async (name: string, scopes: Scope[]) =>
    (await stack.app.keys.create({ name, scopes, role: 'partner' })).key;
  keys.reader = await create('hooks-reader', ['webhooks:read']);
  keys.writer = await create('hooks-admin', ['webhooks:read', 'webhooks:write']);
  keys.partner = await create('catalog-partner', ['catalog:read']);
  // More than one page of `GET /v3/hooks` (250 a page): the listing must read them all.
  for (let i = 0; i < 260; i++) {
    stack.sandbox.hooks.create({
      scope: i % 2 === 0 ? 'store/product/updated' : 'store/order/created',
      destination: `https://hooks.example.com/bc/${i}`,
      is_active: i % 3 !== 0,
    });
  }
});
afterAll(() => stack?.close());
beforeEach(() => {
  stack.sandbox.counters.reset();
  logs.lines.length = 0;
});

async function gql<T = Record<string, unknown>>(
  query: string,
  key: string,
  variables?: Record<string, unknown>,
) {
  const { body } = await stack.query<T>(query, variables, { authorization: `Bearer ${key}` });
  return body;
}

const audits = () => logs.lines.filter((line) => line.audit === true);

describe('webhooks', () => {
  it('lists every hook of the store, across pages, for a webhooks:read key', async () => {
    type Hook = { entityId: number; scope: string; destination: string; isActive: boolean };
    const body = await gql<{ webhooks: (Hook & { createdAt: string })[] }>(WEBHOOKS, keys.reader);
    expect(body.errors).toBeUndefined();
    const expected = stack.sandbox.hooks.list().map((h) => ({
      entityId: h.id,
      scope: h.scope,
      destination: h.destination,
      isActive: h.isActive,
      createdAt: new Date(h.createdAt * 1000).toISOString(),
      updatedAt: new Date(h.updatedAt * 1000).toISOString(),
    }));
    expect(expected.length).toBeGreaterThan(250);
    expect(body.data?.webhooks).toEqual(expected);
    expect(stack.sandbox.counters.get('GET /v3/hooks')).toBe(2);
  });

  it('answers FORBIDDEN to a partner key without webhooks:read, with nothing sent upstream', async () => {
    for (const query of [WEBHOOKS, ADMIN]) {
      const body = await gql(query, keys.partner);
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const write = await gql(SET_ACTIVE, keys.reader, {
      input: { hookEntityId: stack.sandbox.hooks.list()[0]?.id, active: false },
    });
    expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(stack.sandbox.counters.total()).toBe(0);
  });
});

describe('setWebhookActive', () => {
  it('turns a hook off and on in the store, audit-logged', async () => {
    const hook = stack.sandbox.hooks.list().find((h) => h.isActive);
    if (!hook) throw new Error('no active hook seeded');
    const off = await gql(SET_ACTIVE, keys.writer, {
      input: { hookEntityId: hook.id, active: false },
    });
    expect(off.data?.setWebhookActive).toEqual({
      __typename: 'SetWebhookActivePayload',
      webhook: { entityId: hook.id, isActive: false },
    });
    expect(stack.sandbox.hooks.get(hook.id)).toMatchObject({ isActive: false, status: 'inactive' });
    const on = await gql(SET_ACTIVE, keys.writer, {
      input: { hookEntityId: hook.id, active: true },
    });
    expect(on.data?.setWebhookActive).toMatchObject({ webhook: { isActive: true } });
    expect(stack.sandbox.hooks.get(hook.id).isActive).toBe(true);
    expect(audits()).toEqual([
      expect.objectContaining({
        operation: 'setWebhookActive',
        outcome: 'success',
        hookId: hook.id,
        active: false,
      }),
      expect.objectContaining({ operation: 'setWebhookActive', outcome: 'success' }),
    ]);
  });

  it('answers NotFoundError for a hook the store does not have', async () => {
    const body = await gql(SET_ACTIVE, keys.writer, {
      input: { hookEntityId: 987_654, active: false },
    });
    expect(body.data?.setWebhookActive).toEqual({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
      field: 'input.hookEntityId',
      message: expect.any(String),
    });
    expect(audits()).toEqual([
      expect.objectContaining({
        operation: 'setWebhookActive',
        outcome: 'rejected',
        reason: 'not_found',
      }),
    ]);
  });
});

describe('webhook admin', () => {
  it('round-trips notification emails', async () => {
    const emails = ['ops@example.com', 'oncall@example.org'];
    const set = await gql(SET_EMAILS, keys.writer, { input: { emails } });
    expect(set.data?.setWebhookNotificationEmails).toEqual({
      __typename: 'SetWebhookNotificationEmailsPayload',
      webhookAdmin: { notificationEmails: emails },
    });
    expect(stack.sandbox.hooks.notificationEmails).toEqual(emails);
    const read = await gql(ADMIN, keys.reader);
    expect(read.data?.webhookAdmin).toEqual({ notificationEmails: emails, blockedDomains: [] });
    // Details hold counts, never the addresses.
    expect(audits()).toEqual([
      expect.objectContaining({
        operation: 'setWebhookNotificationEmails',
        outcome: 'success',
        emails: 2,
      }),
    ]);
    expect(JSON.stringify(logs.lines)).not.toContain('ops@example.com');
  });

  it('refuses a malformed email before anything goes upstream', async () => {
    const body = await gql(SET_EMAILS, keys.writer, {
      input: { emails: ['ops@example.com', 'not an email'] },
    });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.sandbox.counters.total()).toBe(0);
  });
});
