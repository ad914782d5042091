import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_STORED_CARD_TOKEN } from '../../sandbox/customers/instruments.js';
import { DEMO_CUSTOMER_CREDENTIALS } from '../../sandbox/customers/seed.js';
import { captureLogger } from '../helpers/log-capture.js';
import { type Stack, startStack } from '../helpers/stack.js';

const PASSWORD = 'Register-Me-42';

const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterCustomerInput!) {
    registerCustomer(input: $input) {
      __typename
      ... on CustomerSession { accessToken customer { entityId email firstName } }
      ... on Error { message code field }
    }
  }
`;
const LOGIN = /* GraphQL */ `
  mutation Login($input: LoginInput!) {
    login(input: $input) { __typename ... on CustomerSession { accessToken } }
  }
`;
const ME = /* GraphQL */ `{
  me {
    entityId email firstName lastName company phone
    customerGroup { entityId name }
    addresses { entityId city }
    storedInstruments { token brand last4 expiryMonth expiryYear isDefault }
  }
}`;
const UPDATE = /* GraphQL */ `
  mutation Update($input: UpdateCustomerInput!) {
    updateCustomer(input: $input) {
      __typename
      ... on UpdateCustomerPayload { customer { entityId firstName phone } }
      ... on Error { message code field }
    }
  }
`;
const ADDRESS_FIELDS = 'address { entityId city } customer { entityId addresses { entityId } }';
const ADD_ADDRESS = /* GraphQL */ `
  mutation Add($input: AddCustomerAddressInput!) {
    addCustomerAddress(input: $input) {
      __typename
      ... on CustomerAddressPayload { ${ADDRESS_FIELDS} }
      ... on Error { message code field }
    }
  }
`;
const UPDATE_ADDRESS = /* GraphQL */ `
  mutation UpdateAddress($input: UpdateCustomerAddressInput!) {
    updateCustomerAddress(input: $input) {
      __typename
      ... on CustomerAddressPayload { ${ADDRESS_FIELDS} }
      ... on Error { message code field }
    }
  }
`;
const DELETE_ADDRESS = /* GraphQL */ `
  mutation DeleteAddress($input: DeleteCustomerAddressInput!) {
    deleteCustomerAddress(input: $input) {
      __typename
      ... on DeleteCustomerAddressPayload { deletedAddressEntityId }
      ... on Error { message code field }
    }
  }
`;
const LOOKUP = /* GraphQL */ `
  query Lookup($entityId: Int, $email: String) {
    customer(entityId: $entityId, email: $email) { id entityId email customerGroup { name } storedInstruments { token } }
  }
`;

type Result = {
  __typename: string;
  code?: string;
  field?: string | null;
  message?: string;
} & Record<string, unknown>;

const logs = captureLogger('trace');
let stack: Stack;
let serial = 0;
const keys: Record<'reader' | 'writer' | 'catalog', string> = {
  reader: '',
  writer: '',
  catalog: '',
};

beforeAll(async () => {
  stack = await startStack({
    sandbox: { products: 5 },
    logger: logs.logger,
    env: {
      SESSION_SIGNING_SECRET: 'integration-customers-secret-0123456789abcdef',
      RESPONSE_CACHE_TTL_S: '0',
      LOG_LEVEL: 'trace',
    },
  });
  const create = async (
    name: string,
    scopes: ('customers:read' | 'customers:write' | 'catalog:read')[],
  ) => (await stack.app.keys.create({ name, scopes })).key;
  keys.reader = await create('crm-reader', ['customers:read']);
  keys.writer = await create('crm-writer', ['customers:read', 'customers:write']);
  keys.catalog = await create('catalog-only', ['catalog:read']);
});
afterAll(() => stack?.close());
beforeEach(() => {
  stack.sandbox.counters.reset();
  logs.lines.length = 0;
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const store = () => stack.sandbox.store.customers;
const newEmail = () => `registered.${++serial}.${Date.now()}@example.com`;

async function gql<T = Record<string, Result>>(
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return (await stack.query<T>(query, variables, headers)).body;
}

async function register(input: Record<string, unknown>, headers: Record<string, string> = {}) {
  const body = await gql(REGISTER, { input }, headers);
  return body.data?.registerCustomer as Result;
}

async function signIn(email: string, password: string): Promise<Record<string, string>> {
  const body = await gql<{ login: { accessToken: string } }>(LOGIN, { input: { email, password } });
  return bearer(body.data?.login.accessToken ?? 'no-token');
}

const anAddress = (overrides: Record<string, unknown> = {}) => ({
  firstName: 'Ada',
  lastName: 'Moreau',
  address1: `${++serial} Mill Lane`,
  city: 'Portland',
  stateOrProvince: 'Oregon',
  postalCode: '97201',
  countryCode: 'us',
  ...overrides,
});

describe('registerCustomer', () => {
  it('creates the customer and signs them in: `me` works with the returned token', async () => {
    const email = newEmail();
    const result = await register({
      email,
      password: PASSWORD,
      firstName: 'Nova',
      lastName: 'Reed',
    });
    expect(result).toMatchObject({
      __typename: 'CustomerSession',
      customer: { email, firstName: 'Nova', entityId: expect.any(Number) },
    });
    const customerId = (result.customer as { entityId: number }).entityId;
    expect(store().getCustomer(customerId)).toMatchObject({ email, channel_ids: [1] });
    // The create's answer served the session's customer: one upstream call in all.
    expect(stack.sandbox.counters.snapshot()).toEqual({ 'POST /v3/customers': 1 });

    const me = await gql(ME, {}, bearer(String(result.accessToken)));
    expect(me.data?.me).toMatchObject({
      entityId: customerId,
      email,
      customerGroup: null,
      addresses: [],
    });
    // The password works for a later login, too.
    const again = await signIn(email, PASSWORD);
    expect((await gql(ME, {}, again)).data?.me).toMatchObject({ entityId: customerId });
  });

  it('attaches the guest cart it is given to the new customer', async () => {
    const { store: sandboxStore } = stack.sandbox;
    const product = sandboxStore.products.find(
      (p) => (sandboxStore.variants.get(p.id)?.length ?? 0) > 0,
    )!;
    const variant = sandboxStore.variants.get(product.id)![0]!;
    const items = [{ product_id: product.id, variant_id: variant.id, quantity: 1 }];
    const cart = sandboxStore.carts.create({ customerId: 0, channelId: 1, items });
    const result = await register({
      email: newEmail(),
      password: PASSWORD,
      firstName: 'Cart',
      lastName: 'Keeper',
      guestCartId: cart.id,
    });
    const customerId = (result.customer as { entityId: number }).entityId;
    expect(sandboxStore.carts.find(cart.id)?.customerId).toBe(customerId);
  });

  it('answers EmailTakenError for a taken email (any case) and creates nothing', async () => {
    const before = store().customers.length;
    const taken = await register({
      email: DEMO_CUSTOMER_CREDENTIALS.email.toUpperCase(),
      password: PASSWORD,
      firstName: 'Copy',
      lastName: 'Cat',
    });
    expect(taken).toEqual({
      __typename: 'EmailTakenError',
      code: 'EMAIL_TAKEN',
      field: 'input.email',
      message: expect.any(String),
    });
    expect(store().customers).toHaveLength(before);
    const audit = logs.lines.filter((line) => line.audit === true);
    expect(audit).toEqual([
      expect.objectContaining({
        operation: 'registerCustomer',
        outcome: 'rejected',
        reason: 'email_taken',
      }),
    ]);
  });

  it('rejects malformed input before any upstream request', async () => {
    const bad = [
      { email: 'not-an-email', password: PASSWORD, firstName: 'A', lastName: 'B' },
      { email: newEmail(), password: 'short', firstName: 'A', lastName: 'B' },
      { email: newEmail(), password: 'lettersonly', firstName: 'A', lastName: 'B' },
      { email: newEmail(), password: PASSWORD, firstName: '   ', lastName: 'B' },
      {
        email: newEmail(),
        password: PASSWORD,
        firstName: 'A',
        lastName: 'B',
        phone: 'x'.repeat(51),
      },
    ];
    for (const input of bad) {
      const body = await gql(REGISTER, { input });
      expect(body.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
    }
    expect(stack.sandbox.counters.total()).toBe(0);
  });

  it('is for signed-out callers only', async () => {
    const headers = await signIn(
      DEMO_CUSTOMER_CREDENTIALS.email,
      DEMO_CUSTOMER_CREDENTIALS.password,
    );
    stack.sandbox.counters.reset();
    const body = await gql(
      REGISTER,
      { input: { email: newEmail(), password: PASSWORD, firstName: 'A', lastName: 'B' } },
      headers,
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(stack.sandbox.counters.total()).toBe(0);
  });

  it('never writes the password or the email to any log line', async () => {
    const email = newEmail();
    const secret = 'Distinct-Passw0rd-In-Logs';
    await register({ email, password: secret, firstName: 'Log', lastName: 'Watch' });
    await register({ email, password: secret, firstName: 'Log', lastName: 'Watch' });
    expect(logs.lines.some((line) => line.audit === true && line.outcome === 'success')).toBe(true);
    expect(logs.lines.some((line) => line.audit === true && line.reason === 'email_taken')).toBe(
      true,
    );
    const text = JSON.stringify(logs.lines);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(email);
  });
});

describe('updateCustomer', () => {
  it('changes the signed-in customer’s own record, and refuses another id like a missing one', async () => {
    const email = newEmail();
    const created = await register({
      email,
      password: PASSWORD,
      firstName: 'Old',
      lastName: 'Name',
    });
    const headers = bearer(String(created.accessToken));
    const id = (created.customer as { entityId: number }).entityId;
    const updated = await gql(
      UPDATE,
      { input: { firstName: ' New ', phone: '555-0100' } },
      headers,
    );
    expect(updated.data?.updateCustomer).toEqual({
      __typename: 'UpdateCustomerPayload',
      customer: { entityId: id, firstName: 'New', phone: '555-0100' },
    });
    expect(store().getCustomer(id)).toMatchObject({ first_name: 'New', last_name: 'Name' });

    stack.sandbox.counters.reset();
    const other = await gql(
      UPDATE,
      { input: { customerEntityId: 1, firstName: 'Hacked' } },
      headers,
    );
    const missing = await gql(
      UPDATE,
      { input: { customerEntityId: 987_654, firstName: 'Hacked' } },
      headers,
    );
    expect(other.data?.updateCustomer).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
    expect(other).toEqual(missing);
    expect(stack.sandbox.counters.total()).toBe(0);
    expect(store().getCustomer(1)?.first_name).toBe('Demo');
  });

  it('lets a customers:write key name the customer; others are FORBIDDEN', async () => {
    const target = store().customers[5]!;
    const changed = await gql(
      UPDATE,
      { input: { customerEntityId: target.id, company: 'Harbor Supply' } },
      bearer(keys.writer),
    );
    expect(changed.data?.updateCustomer).toMatchObject({ customer: { entityId: target.id } });
    expect(store().getCustomer(target.id)?.company).toBe('Harbor Supply');
    const unknown = await gql(
      UPDATE,
      { input: { customerEntityId: 987_654, company: 'X' } },
      bearer(keys.writer),
    );
    expect(unknown.data?.updateCustomer).toMatchObject({ __typename: 'NotFoundError' });
    const reader = await gql(
      UPDATE,
      { input: { customerEntityId: target.id, company: 'X' } },
      bearer(keys.reader),
    );
    expect(reader.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await gql(UPDATE, { input: { customerEntityId: target.id, company: 'X' } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(store().getCustomer(target.id)?.company).toBe('Harbor Supply');
  });

  it('needs at least one change, validated before anything goes upstream', async () => {
    const headers = await signIn(
      DEMO_CUSTOMER_CREDENTIALS.email,
      DEMO_CUSTOMER_CREDENTIALS.password,
    );
    stack.sandbox.counters.reset();
    for (const input of [{}, { firstName: '' }, { phone: '5'.repeat(51) }]) {
      const body = await gql(UPDATE, { input }, headers);
      expect(body.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
    }
    expect(stack.sandbox.counters.total()).toBe(0);
  });
});

describe('customer addresses', () => {
  let alice: Record<string, string>;
  let bob: Record<string, string>;
  let aliceId: number;

  beforeAll(async () => {
    const a = await register({
      email: newEmail(),
      password: PASSWORD,
      firstName: 'Alice',
      lastName: 'A',
    });
    const b = await register({
      email: newEmail(),
      password: PASSWORD,
      firstName: 'Bob',
      lastName: 'B',
    });
    alice = bearer(String(a.accessToken));
    bob = bearer(String(b.accessToken));
    aliceId = (a.customer as { entityId: number }).entityId;
  });

  const add = async (headers: Record<string, string>, input: Record<string, unknown>) =>
    (await gql(ADD_ADDRESS, { input }, headers)).data?.addCustomerAddress as Result;

  it('adds, updates and deletes the customer’s own addresses', async () => {
    const added = await add(alice, { address: anAddress() });
    expect(added.__typename).toBe('CustomerAddressPayload');
    const addressId = (added.address as { entityId: number }).entityId;
    expect(
      store()
        .addressesOf(aliceId)
        .map((a) => a.id),
    ).toEqual([addressId]);
    expect(store().addressesOf(aliceId)[0]).toMatchObject({ country_code: 'US', city: 'Portland' });
    expect(added.customer).toEqual({ entityId: aliceId, addresses: [{ entityId: addressId }] });

    const same = await add(alice, {
      address: { ...anAddress(), address1: store().addressesOf(aliceId)[0]!.address1 },
    });
    expect(same).toMatchObject({ __typename: 'InvalidInputError', field: 'input.address' });

    const updated = await gql(
      UPDATE_ADDRESS,
      { input: { addressEntityId: addressId, address: anAddress({ city: 'Salem' }) } },
      alice,
    );
    expect(updated.data?.updateCustomerAddress).toMatchObject({
      __typename: 'CustomerAddressPayload',
    });
    expect(store().addressesOf(aliceId)[0]?.city).toBe('Salem');

    const deleted = await gql(DELETE_ADDRESS, { input: { addressEntityId: addressId } }, alice);
    expect(deleted.data?.deleteCustomerAddress).toEqual({
      __typename: 'DeleteCustomerAddressPayload',
      deletedAddressEntityId: addressId,
    });
    expect(store().addressesOf(aliceId)).toEqual([]);
    const audit = logs.lines
      .filter((line) => line.audit === true)
      .map((line) => [line.operation, line.outcome]);
    expect(audit).toEqual([
      ['addCustomerAddress', 'success'],
      ['addCustomerAddress', 'rejected'],
      ['updateCustomerAddress', 'success'],
      ['deleteCustomerAddress', 'success'],
    ]);
    expect(JSON.stringify(logs.lines)).not.toContain('Mill Lane');
  });

  it('answers B’s attempt on A’s address exactly like a missing id, and changes nothing', async () => {
    const added = await add(alice, { address: anAddress() });
    const addressId = (added.address as { entityId: number }).entityId;
    const before = structuredClone(store().addressesOf(aliceId));
    const missingId = 987_654;
    stack.sandbox.counters.reset();

    const attempts = async (id: number) => [
      await gql(
        UPDATE_ADDRESS,
        { input: { addressEntityId: id, address: anAddress({ city: 'Stolen' }) } },
        bob,
      ),
      await gql(DELETE_ADDRESS, { input: { addressEntityId: id } }, bob),
    ];
    const onAlice = await attempts(addressId);
    const onMissing = await attempts(missingId);
    expect(onAlice[0]?.data?.updateCustomerAddress).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
    expect(onAlice[1]?.data?.deleteCustomerAddress).toMatchObject({ __typename: 'NotFoundError' });
    expect(onAlice).toEqual(onMissing);
    // One ownership lookup each, and no write reached the sandbox.
    expect(stack.sandbox.counters.snapshot()).toEqual({ 'GET /v3/customers/addresses': 4 });
    expect(store().addressesOf(aliceId)).toEqual(before);
    // And B cannot add to A's book by naming A.
    const named = await add(bob, { customerEntityId: aliceId, address: anAddress() });
    expect(named).toMatchObject({ __typename: 'NotFoundError' });
    expect(store().addressesOf(aliceId)).toEqual(before);
  });

  it('rejects a malformed address with zero upstream requests', async () => {
    stack.sandbox.counters.reset();
    const bad = [
      anAddress({ countryCode: 'USA' }),
      anAddress({ city: '' }),
      anAddress({ postalCode: '9'.repeat(31) }),
      anAddress({ firstName: ' ' }),
    ];
    for (const address of bad) {
      const body = await gql(ADD_ADDRESS, { input: { address } }, alice);
      expect(body.errors?.[0]?.extensions?.code, JSON.stringify(address)).toBe('BAD_USER_INPUT');
    }
    const badId = await gql(DELETE_ADDRESS, { input: { addressEntityId: 0 } }, alice);
    expect(badId.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.sandbox.counters.total()).toBe(0);
  });

  it('is FORBIDDEN for anonymous callers', async () => {
    const body = await gql(ADD_ADDRESS, { input: { address: anAddress() } });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('partner lookups', () => {
  it('finds a customer by email or id with customers:read, without their saved cards', async () => {
    const demo = store().getCustomer(1)!;
    const byEmail = await gql(LOOKUP, { email: demo.email.toUpperCase() }, bearer(keys.reader));
    expect(byEmail.data?.customer).toEqual({
      id: expect.any(String),
      entityId: 1,
      email: demo.email,
      customerGroup: { name: 'Retail' },
      storedInstruments: [],
    });
    const byId = await gql(LOOKUP, { entityId: 1 }, bearer(keys.reader));
    expect(byId.data?.customer).toEqual(byEmail.data?.customer);
    expect((await gql(LOOKUP, { email: 'nobody@example.com' }, bearer(keys.reader))).data).toEqual({
      customer: null,
    });
    // node(id:) answers the same customer for the key.
    const node = await gql(
      `query($id: ID!) { node(id: $id) { ... on Customer { entityId } } }`,
      { id: (byEmail.data!.customer as unknown as { id: string }).id },
      bearer(keys.reader),
    );
    expect(node.data).toEqual({ node: { entityId: 1 } });
  });

  it('is FORBIDDEN without customers:read, and needs exactly one of entityId and email', async () => {
    for (const headers of [bearer(keys.catalog), {}]) {
      const body = await gql(LOOKUP, { email: DEMO_CUSTOMER_CREDENTIALS.email }, headers);
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(body.data).toEqual({ customer: null });
    }
    stack.sandbox.counters.reset();
    for (const args of [{}, { entityId: 1, email: DEMO_CUSTOMER_CREDENTIALS.email }]) {
      const body = await gql(LOOKUP, args, bearer(keys.reader));
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(stack.sandbox.counters.total()).toBe(0);
  });

  it('batches customer groups: one listing for every customer of the request', async () => {
    const ids = store()
      .customers.slice(0, 12)
      .map((c) => c.id);
    const query = `{ ${ids.map((id) => `c${id}: customer(entityId: ${id}) { customerGroup { name } }`).join(' ')} }`;
    const body = await gql(query, {}, bearer(keys.reader));
    expect(body.errors).toBeUndefined();
    expect(stack.sandbox.counters.snapshot()).toEqual({
      'GET /v3/customers': 1,
      'GET /v2/customer_groups': 1,
    });
  });
});

describe('Customer.storedInstruments', () => {
  it('shows the demo customer their own cards, card numbers never', async () => {
    const headers = await signIn(
      DEMO_CUSTOMER_CREDENTIALS.email,
      DEMO_CUSTOMER_CREDENTIALS.password,
    );
    const me = await gql<{ me: { storedInstruments: Record<string, unknown>[] } }>(ME, {}, headers);
    expect(me.data?.me.storedInstruments[0]).toEqual({
      token: DEMO_STORED_CARD_TOKEN,
      brand: 'VISA',
      last4: '1111',
      expiryMonth: expect.any(Number),
      expiryYear: expect.any(Number),
      isDefault: true,
    });
    expect(me.data?.me.storedInstruments).toHaveLength(store().storedInstrumentsOf(1).length);
    expect(JSON.stringify(logs.lines)).not.toContain(DEMO_STORED_CARD_TOKEN);
  });
});
