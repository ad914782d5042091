import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import { DEMO_STORED_CARD_TOKEN } from '../../../sandbox/customers/instruments.js';
import { DEMO_CUSTOMER_CREDENTIALS } from '../../../sandbox/customers/seed.js';
import { createSandbox, type Sandbox } from '../../../sandbox/server.js';
import {
  type AddressFields,
  CustomersApi,
  isEmailTaken,
  refusedFields,
} from '../../../src/datasources/customers.js';
import {
  UpstreamInputError,
  UpstreamResponseError,
  UpstreamUnavailableError,
} from '../../../src/datasources/errors.js';
import type { HttpClient } from '../../../src/datasources/http-client.js';
import {
  bcCredentialsVerdictSchema,
  bcCustomerAddressSchema,
  bcCustomerSchema,
} from '../../../src/datasources/schemas/customers.js';
import { bcV3ListEnvelope } from '../../../src/datasources/schemas/envelope.js';
import { collectDropped } from '../../../src/datasources/schemas/lenient.js';
import { captureLogger, type LogLine } from '../../helpers/log-capture.js';
import {
  loadContract,
  type OpenApiContract,
  recordingDispatcher,
} from '../../helpers/openapi-contract.js';
import { sandboxHttpClient } from '../../helpers/sandbox-http-client.js';

const SPECS = fileURLToPath(new URL('../../fixtures/bigcommerce/openapi/', import.meta.url));

let sandbox: Sandbox;
let recorder: ReturnType<typeof recordingDispatcher>;
let http: HttpClient;
let api: CustomersApi;
let lines: LogLine[];
let contract: OpenApiContract;

beforeAll(async () => {
  sandbox = await createSandbox({ products: 5, quota: { requests: 10_000, windowMs: 60_000 } });
  recorder = recordingDispatcher();
  const captured = captureLogger('trace');
  lines = captured.lines;
  http = sandboxHttpClient(sandbox, {
    maxRetries: 2,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 2,
    dispatcher: recorder.dispatcher,
    logger: captured.logger,
  });
  api = new CustomersApi(http, { requestId: 'customers-test' });
  contract = await loadContract(SPECS);
});

afterAll(async () => {
  await http?.close();
  await sandbox?.close();
  await recorder?.close();
});

beforeEach(() => {
  sandbox.counters.reset();
  sandbox.faults.clear();
});

const recentQueries = () =>
  sandbox.counters.recent().map((path) => new URL(path, 'http://x').searchParams);

describe('CustomersApi against the sandbox store', () => {
  it('reads customers by id in chunks of at most 250, each with an explicit limit', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => 300 - i);
    const customers = await api.getCustomersByIds(ids);
    expect(customers.map((c) => c.id)).toEqual(sandbox.store.customers.customers.map((c) => c.id));
    const queries = recentQueries();
    expect(queries.map((q) => q.get('id:in')?.split(',').length)).toEqual([250, 50]);
    expect(queries.every((q) => q.get('limit') === '250' && !q.has('include'))).toBe(true);
    expect(customers[0]).not.toHaveProperty('addresses');
  });

  it('asks for sub-resources with include', async () => {
    const [demo] = await api.getCustomersByIds([1], { include: ['addresses', 'storecredit'] });
    expect(recentQueries()[0]?.get('include')).toBe('addresses,storecredit');
    expect(demo?.addresses).toEqual(sandbox.store.customers.addressesOf(1));
    expect(demo?.store_credit_amounts).toEqual([{ amount: 25 }]);
  });

  it('finds a customer by email through email:in, whatever its case, or null', async () => {
    const found = await api.getCustomerByEmail('DEMO@example.com');
    expect(found).toMatchObject({ id: 1, email: DEMO_CUSTOMER_CREDENTIALS.email });
    expect(recentQueries()[0]?.get('email:in')).toBe('DEMO@example.com');
    const plus = sandbox.store.customers.customers[4]!;
    expect((await api.getCustomerByEmail(plus.email))?.id).toBe(plus.id);
    expect(await api.getCustomerByEmail('nobody@example.com')).toBeNull();
    sandbox.counters.reset();
    expect(await api.getCustomerByEmail('"a,b"@example.com')).toBeNull();
    expect(sandbox.counters.total()).toBe(0);
  });

  it('reads every address of the customers, past one page of 250', async () => {
    const store = sandbox.store.customers;
    const extra = Array.from({ length: 260 }, (_, i) => ({
      ...store.addressesOf(2)[0]!,
      id: 10_000 + i,
    }));
    store.addresses.push(...extra);
    try {
      const addresses = await api.getAddressesByCustomerIds([2, 1]);
      expect(addresses.map((a) => a.id).sort((a, b) => a - b)).toEqual(
        [...store.addressesOf(1), ...store.addressesOf(2)].map((a) => a.id).sort((a, b) => a - b),
      );
      expect(sandbox.counters.get('GET /v3/customers/addresses')).toBe(2);
      expect(recentQueries().map((q) => q.get('page'))).toEqual(['1', '2']);
    } finally {
      store.addresses.splice(store.addresses.length - extra.length, extra.length);
    }
  });

  it('validates credentials: right, wrong, unknown, and per channel', async () => {
    expect(await api.validateCredentials(DEMO_CUSTOMER_CREDENTIALS)).toEqual({
      isValid: true,
      customerId: 1,
    });
    const wrong = { email: DEMO_CUSTOMER_CREDENTIALS.email, password: 'not-it' };
    expect(await api.validateCredentials(wrong)).toEqual({ isValid: false });
    expect(await api.validateCredentials({ email: 'nobody@example.com', password: 'x' })).toEqual({
      isValid: false,
    });
    expect(await api.validateCredentials({ ...DEMO_CUSTOMER_CREDENTIALS, channelId: 2 })).toEqual({
      isValid: false,
    });
  });

  it('turns a refused credential check into a typed input error', async () => {
    const refused = api.validateCredentials({ email: 'a@example.com', password: '' });
    await expect(refused).rejects.toBeInstanceOf(UpstreamInputError);
    await expect(refused).rejects.toMatchObject({ fields: { password: expect.any(String) } });
  });

  it('fails closed on a verdict it cannot trust', async () => {
    const route = 'POST /v3/customers/validate-credentials';
    for (const body of [{ is_valid: true }, { is_valid: true, customer_id: null }, {}, []]) {
      sandbox.faults.inject({ kind: 'body', body, route });
      await expect(
        api.validateCredentials(DEMO_CUSTOMER_CREDENTIALS),
        JSON.stringify(body),
      ).rejects.toBeInstanceOf(UpstreamResponseError);
    }
  });

  it('does not repeat a credential check that failed upstream', async () => {
    sandbox.faults.inject({
      kind: 'status',
      status: 503,
      route: 'POST /v3/customers/validate-credentials',
    });
    await expect(api.validateCredentials(DEMO_CUSTOMER_CREDENTIALS)).rejects.toBeInstanceOf(
      UpstreamUnavailableError,
    );
    expect(sandbox.counters.get('POST /v3/customers/validate-credentials')).toBe(1);
  });

  it('never logs a password, whatever the outcome', async () => {
    const password = 'Very-Distinct-Passw0rd';
    lines.length = 0;
    await api.validateCredentials({ email: 'a@example.com', password });
    sandbox.faults.inject({
      kind: 'status',
      status: 500,
      route: 'POST /v3/customers/validate-credentials',
    });
    await api.validateCredentials({ email: 'a@example.com', password }).catch(() => {});
    sandbox.faults.inject({ kind: 'drop', route: 'POST /v3/customers/validate-credentials' });
    await api.validateCredentials({ email: 'a@example.com', password }).catch(() => {});
    await api.validateCredentials({ email: '', password }).catch(() => {});
    const logged = lines.filter((line) => line.path === '/v3/customers/validate-credentials');
    expect(logged.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(lines)).not.toContain(password);
  });
});

let serial = 0;
const newCustomer = (overrides: Partial<Parameters<CustomersApi['createCustomer']>[0]> = {}) => ({
  email: `unit.${++serial}@example.com`,
  firstName: 'Una',
  lastName: 'Test',
  password: 'Unit-Passw0rd',
  channelId: 1,
  ...overrides,
});
const anAddress = (overrides: Partial<AddressFields> = {}): AddressFields => ({
  firstName: 'Una',
  lastName: 'Test',
  address1: `${++serial} Elm Court`,
  city: 'Denver',
  stateOrProvince: 'Colorado',
  postalCode: '80202',
  countryCode: 'US',
  ...overrides,
});

/** The error a write was refused with (the test fails if it went through). */
const refusal = (write: Promise<unknown>): Promise<UpstreamInputError> =>
  write.then(
    () => {
      throw new Error('the write was not refused');
    },
    (error: unknown) => error as UpstreamInputError,
  );

describe('CustomersApi writes against the sandbox store', () => {
  it('creates a customer whose password then validates, on the channel named', async () => {
    const input = newCustomer({ company: 'Bluebird Studio' });
    const created = await api.createCustomer(input);
    expect(created).toMatchObject({ email: input.email, company: 'Bluebird Studio' });
    expect(sandbox.store.customers.getCustomer(created.id)?.channel_ids).toEqual([1]);
    expect(await api.validateCredentials(input)).toEqual({ isValid: true, customerId: created.id });
  });

  it('surfaces a taken email as an input error isEmailTaken recognises', async () => {
    const taken = api.createCustomer(newCustomer({ email: DEMO_CUSTOMER_CREDENTIALS.email }));
    await expect(taken).rejects.toBeInstanceOf(UpstreamInputError);
    const error = await refusal(taken);
    expect(isEmailTaken(error)).toBe(true);
    expect(refusedFields(error)).toEqual([{ field: 'email', message: expect.any(String) }]);
    const weak = await refusal(api.createCustomer(newCustomer({ password: 'weak' })));
    expect(isEmailTaken(weak)).toBe(false);
    expect(refusedFields(weak).map((f) => f.field)).toEqual(['authentication.new_password']);
  });

  it('updates only the fields given', async () => {
    const created = await api.createCustomer(newCustomer({ phone: '555-0111' }));
    const updated = await api.updateCustomer(created.id, { firstName: 'Renamed' });
    expect(updated).toMatchObject({ id: created.id, first_name: 'Renamed', phone: '555-0111' });
    const body = JSON.parse(recorder.requests.at(-1)?.body ?? '[]') as unknown;
    expect(body).toEqual([{ id: created.id, first_name: 'Renamed' }]);
  });

  it('creates, reads by id, updates and deletes an address; a duplicate is null', async () => {
    const address = anAddress({ addressType: 'commercial', company: 'Harbor Supply' });
    const created = await api.createAddress(2, address);
    expect(created).toMatchObject({ customer_id: 2, address_type: 'commercial', city: 'Denver' });
    expect(await api.createAddress(2, address)).toBeNull();
    expect(await api.getAddressesByIds([created!.id, 987_654])).toEqual([created]);
    const updated = await api.updateAddress(created!.id, { ...address, city: 'Boulder' });
    expect(updated).toMatchObject({ id: created!.id, city: 'Boulder' });
    await api.deleteAddresses([created!.id]);
    expect(await api.getAddressesByIds([created!.id])).toEqual([]);
    expect(sandbox.counters.get('DELETE /v3/customers/addresses')).toBe(1);
    await api.deleteAddresses([]);
    expect(sandbox.counters.get('DELETE /v3/customers/addresses')).toBe(1);
  });

  it('lists customer groups (v2, bare) and reads stored cards, cards only', async () => {
    expect((await api.listCustomerGroups()).map((g) => [g.id, g.name])).toEqual([
      [1, 'Retail'],
      [2, 'Wholesale'],
    ]);
    const cards = await api.getStoredCards(1);
    expect(cards[0]).toMatchObject({
      token: DEMO_STORED_CARD_TOKEN,
      last_4: '1111',
      is_default: true,
    });
    const route = 'GET /v3/customers/{id}/stored-instruments';
    sandbox.faults.inject({
      kind: 'body',
      route,
      body: [
        { type: 'stored_paypal_account', token: 'p', is_default: false, email: 'x@example.com' },
        { type: 'stored_bank_account', token: 'b', masked_account_number: '12XXX56' },
        { type: 'stored_card', token: 'c', brand: 'VISA', last_4: '4242' },
        { type: 'stored_card' },
      ],
    });
    expect((await api.getStoredCards(1)).map((card) => card.token)).toEqual(['c']);
  });

  it('never logs a new customer’s password', async () => {
    lines.length = 0;
    const password = 'Never-Logged-Pass-9';
    await api.createCustomer(newCustomer({ password }));
    await api
      .createCustomer(newCustomer({ email: DEMO_CUSTOMER_CREDENTIALS.email, password }))
      .catch(() => {});
    expect(lines.some((line) => line.path === '/v3/customers')).toBe(true);
    expect(JSON.stringify(lines)).not.toContain(password);
  });
});

describe('the requests CustomersApi builds', () => {
  it('validate against the official customers operations', async () => {
    recorder.requests.length = 0;
    await Promise.all([
      api.getCustomersByIds([3, 1, 2]),
      api.getCustomersByIds([1], {
        include: ['addresses', 'storecredit', 'attributes', 'formfields'],
      }),
      api.getCustomerByEmail('demo+tag@example.com', { include: ['addresses'] }),
      api.getAddressesByCustomerIds([1, 2, 3]),
      api.validateCredentials(DEMO_CUSTOMER_CREDENTIALS),
      api.validateCredentials({ ...DEMO_CUSTOMER_CREDENTIALS, channelId: 1 }),
      api.getAddressesByIds([1, 2]),
      api.listCustomerGroups(),
      api.getStoredCards(1),
    ]);
    const created = await api.createCustomer(
      newCustomer({ company: 'Cedar & Co', phone: '555-0123' }),
    );
    await api.updateCustomer(created.id, {
      firstName: 'A',
      lastName: 'B',
      company: '',
      phone: '1',
    });
    const address = await api.createAddress(
      created.id,
      anAddress({ address2: 'Unit 4', phone: '5' }),
    );
    await api.updateAddress(address!.id, anAddress({ addressType: 'residential', company: 'C' }));
    await api.deleteAddresses([address!.id]);
    const verdicts = recorder.requests.map((request) => contract.check(request));
    expect(verdicts.filter((v) => v.problems.length > 0)).toEqual([]);
    expect(new Set(verdicts.map((v) => v.operation))).toEqual(
      new Set([
        'customers.v3.yml#getCustomers',
        'customers.v3.yml#getCustomersAddresses',
        'customers.v3.yml#validateCustomerCredentials',
        'customers.v3.yml#getCustomerStoredInstruments',
        'customers.v3.yml#createCustomers',
        'customers.v3.yml#updateCustomers',
        'customers.v3.yml#createCustomersAddresses',
        'customers.v3.yml#updateCustomersAddresses',
        'customers.v3.yml#deleteCustomersAddresses',
        'customers.v2.yml#getCustomerGroups',
      ]),
    );
  });

  it('and the contract refuses what the spec refuses (so a pass means something)', () => {
    const headers = {
      accept: 'application/json',
      'content-type': 'application/json',
      'x-auth-token': 't',
    };
    const check = (method: string, path: string, body?: string) =>
      contract.check({ method, path: `/stores/abc/v3${path}`, headers, body }).problems;
    expect(check('GET', '/customers?id:in=1,2&include=addresses')).toEqual([]);
    expect(check('GET', '/customers?include=orders')).not.toEqual([]);
    expect(check('GET', '/customers?id:in=1,x')).not.toEqual([]);
    expect(check('GET', '/customers/addresses?customer_id:in=a')).not.toEqual([]);
    expect(check('POST', '/customers/validate-credentials', '{"email":"a@b.c"}')).not.toEqual([]);
    expect(
      check('POST', '/customers/validate-credentials', '{"email":"a@b.c","password":"p"}'),
    ).toEqual([]);
    // The writes' bodies are checked too: arrays of `customer_Post` / `address_Put`.
    expect(check('POST', '/customers', '[{"email":"a@b.c","first_name":"A"}]')).not.toEqual([]);
    expect(
      check('POST', '/customers', '[{"email":"a@b.c","first_name":"A","last_name":"B"}]'),
    ).toEqual([]);
    expect(check('PUT', '/customers/addresses', '[{"city":"X"}]')).not.toEqual([]);
    expect(check('DELETE', '/customers/addresses')).not.toEqual([]);
  });
});

describe('customer schemas and the spec’s response examples', () => {
  type Node = Record<string, unknown>;
  const spec = parse(readFileSync(`${SPECS}customers.v3.yml`, 'utf8')) as Node;
  const at = (...path: string[]) => path.reduce<Node>((node, key) => node[key] as Node, spec);
  const exampleOf = (response: string) =>
    Object.values(
      at('components', 'responses', response, 'content', 'application/json', 'examples'),
    ).map((example) => (example as Node).value)[0];
  const parseWith = (schema: z.ZodType, body: unknown) =>
    collectDropped(() => schema.safeParse(body));

  it('parses the address list example without dropping anything', () => {
    const { result, dropped } = parseWith(
      bcV3ListEnvelope(bcCustomerAddressSchema),
      exampleOf('AddressCollectionResponse'),
    );
    expect(result.success).toBe(true);
    expect(dropped).toEqual([]);
  });

  it('drops the customer example only for its missing id, and keeps it given one', () => {
    const example = exampleOf('GetCustomerCollectionResponse') as { data: Node[] };
    const missing = parseWith(bcV3ListEnvelope(bcCustomerSchema), example);
    expect(missing.dropped).toEqual([{ in: 'data', issues: ['id: invalid_type'] }]);
    const withId = { ...example, data: example.data.map((c) => ({ ...c, id: 7 })) };
    const kept = parseWith(bcV3ListEnvelope(bcCustomerSchema), withId);
    expect(kept.dropped).toEqual([]);
    expect(kept.result.data).toMatchObject({ data: [{ id: 7, addresses: [{ country: 'US' }] }] });
  });

  it('parses the credential verdict example', () => {
    const operation = at('paths', '/customers/validate-credentials', 'post', 'responses', '200');
    const example = (operation.content as Node)['application/json'] as Node;
    const value = ((example.examples as Node).data as Node).value;
    expect(bcCredentialsVerdictSchema.parse(value)).toEqual({ is_valid: true, customer_id: 1 });
  });
});
