import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMER_CREDENTIALS } from '../../sandbox/customers/seed.js';
import type { Scope } from '../../src/auth/scopes.js';
import { captureLogger } from '../helpers/log-capture.js';
import { type Stack, startStack } from '../helpers/stack.js';

const GROUPS = '{ customerGroups { entityId name } }';
const LOOKUP = /* GraphQL */ `
  query Lookup($entityId: Int!) { customer(entityId: $entityId) { entityId customerGroup { name } } }
`;
const UPDATE = /* GraphQL */ `
  mutation Update($input: UpdateCustomerInput!) {
    updateCustomer(input: $input) {
      __typename
      ... on UpdateCustomerPayload { customer { entityId customerGroup { entityId name } } }
      ... on Error { message code field }
    }
  }
`;
const LOGIN = /* GraphQL */ `
  mutation Login($input: LoginInput!) {
    login(input: $input) { __typename ... on CustomerSession { accessToken customer { entityId } } }
  }
`;

const logs = captureLogger('trace');
let stack: Stack;
const keys = { reader: '', writer: '', partner: '' };

beforeAll(async () => {
  stack = await startStack({
    sandbox: { products: 3 },
    logger: logs.logger,
    env: {
      SESSION_SIGNING_SECRET: 'integration-groups-secret-0123456789abcdef',
      RESPONSE_CACHE_TTL_S: '0',
      LOG_LEVEL: 'trace',
    },
  });
  const create = async (name: string, scopes: Scope[]) =>
    (await stack.app.keys.create({ name, scopes, role: 'partner' })).key;
  keys.reader = await create('crm-reader', ['customers:read']);
  keys.writer = await create('crm-writer', ['customers:read', 'customers:write']);
  keys.partner = await create('catalog-partner', ['catalog:read']);
});
afterAll(() => stack?.close());
beforeEach(() => {
  stack.sandbox.counters.reset();
  logs.lines.length = 0;
});

const customers = () => stack.sandbox.store.customers;
async function gql<T = Record<string, unknown>>(
  query: string,
  key: string,
  variables?: Record<string, unknown>,
) {
  const { body } = await stack.query<T>(query, variables, { authorization: `Bearer ${key}` });
  return body;
}

describe('customerGroups', () => {
  it('lists the store’s groups for a customers:read key', async () => {
    const body = await gql(GROUPS, keys.reader);
    expect(body.errors).toBeUndefined();
    expect(body.data?.customerGroups).toEqual(
      customers().groups.map((g) => ({ entityId: g.id, name: g.name })),
    );
  });

  it('answers FORBIDDEN without customers:read, with nothing sent upstream', async () => {
    const body = await gql(GROUPS, keys.partner);
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(stack.sandbox.counters.total()).toBe(0);
  });
});

describe('updateCustomer with customerGroupEntityId', () => {
  it('moves a customer to a group: the store and the next lookup show it', async () => {
    const customer = customers().customers.find((c) => c.customer_group_id !== 2);
    const wholesale = customers().groups.find((g) => g.id === 2);
    if (!customer || !wholesale) throw new Error('seed has no candidate');
    const body = await gql(UPDATE, keys.writer, {
      input: { customerEntityId: customer.id, customerGroupEntityId: wholesale.id },
    });
    expect(body.data?.updateCustomer).toEqual({
      __typename: 'UpdateCustomerPayload',
      customer: { entityId: customer.id, customerGroup: { entityId: 2, name: wholesale.name } },
    });
    expect(customers().customers.find((c) => c.id === customer.id)?.customer_group_id).toBe(2);
    const lookup = await gql(LOOKUP, keys.reader, { entityId: customer.id });
    expect(lookup.data?.customer).toEqual({
      entityId: customer.id,
      customerGroup: { name: wholesale.name },
    });
    expect(logs.lines.filter((line) => line.audit === true)).toEqual([
      expect.objectContaining({
        operation: 'updateCustomer',
        outcome: 'success',
        customerId: customer.id,
        customerGroupId: 2,
      }),
    ]);
  });

  it('answers NotFoundError for an unknown group and changes nothing', async () => {
    const customer = customers().customers[0];
    if (!customer) throw new Error('no customers seeded');
    const before = customer.customer_group_id;
    const body = await gql(UPDATE, keys.writer, {
      input: { customerEntityId: customer.id, customerGroupEntityId: 4242 },
    });
    expect(body.data?.updateCustomer).toEqual({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
      field: 'input.customerGroupEntityId',
      message: expect.any(String),
    });
    expect(customers().customers[0]?.customer_group_id).toBe(before);
    expect(stack.sandbox.counters.get('PUT /v3/customers')).toBe(0);
  });

  it('does not let a signed-in customer change their own group', async () => {
    const login = await stack.query<{
      login: { accessToken: string; customer: { entityId: number } };
    }>(LOGIN, { input: DEMO_CUSTOMER_CREDENTIALS });
    const session = login.body.data?.login;
    if (!session) throw new Error('demo login failed');
    const before = customers().customers.find((c) => c.id === session.customer.entityId);
    const group = before?.customer_group_id;
    const body = await gql(UPDATE, session.accessToken, {
      input: { customerGroupEntityId: group === 2 ? 1 : 2 },
    });
    expect(body.data?.updateCustomer).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'input.customerGroupEntityId',
    });
    expect(before?.customer_group_id).toBe(group);
    expect(stack.sandbox.counters.get('PUT /v3/customers')).toBe(0);
  });
});
