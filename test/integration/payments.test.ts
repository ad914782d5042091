import { MockAgent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_STORED_CARD_TOKEN } from '../../sandbox/customers/instruments.js';
import { DEMO_CUSTOMER_CREDENTIALS } from '../../sandbox/customers/seed.js';
import { historicalCheckout } from '../../sandbox/orders/seed.js';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import { captureLogger } from '../helpers/log-capture.js';
import { type Stack, startStack } from '../helpers/stack.js';

// Paying orders through the gateway: stored cards only (card numbers never pass through it), once
// per idempotency key, only the order's own customer; tokens for apps that send card data to
// BigCommerce themselves; and never a token or card number in a log line.
let sandbox: Sandbox;
let stack: Stack;
const logs = captureLogger('trace');
let demo = '';
let other = '';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const LOGIN = `mutation L($input: LoginInput!) { login(input: $input) { ... on CustomerSession { accessToken } } }`;
const PAY = `mutation P($input: PayOrderInput!) {
  payOrder(input: $input) {
    __typename
    ... on PayOrderPayload { order { entityId status } }
    ... on Error { message code field }
  }
}`;
const TOKEN = `mutation T($input: CreatePaymentAccessTokenInput!) {
  createPaymentAccessToken(input: $input) {
    __typename
    ... on CreatePaymentAccessTokenPayload { token paymentMethods { entityId name type isTestMode supportedInstrumentTypes } }
    ... on Error { message code field }
  }
}`;

beforeAll(async () => {
  sandbox = await createSandbox({ products: 20 });
  stack = await startStack({
    sandboxInstance: sandbox,
    logger: logs.logger,
    env: { LOG_LEVEL: 'trace' },
  });
  sandbox.store.customers.setPassword(2, 'other-customer-password');
  demo = await login(DEMO_CUSTOMER_CREDENTIALS.email, DEMO_CUSTOMER_CREDENTIALS.password);
  other = await login(sandbox.store.customers.getCustomer(2)!.email, 'other-customer-password');
});
afterAll(async () => {
  await stack?.close();
  await sandbox?.close();
});
beforeEach(() => sandbox.counters.reset());

async function login(email: string, password: string): Promise<string> {
  const { body } = await stack.query<{ login: { accessToken: string } }>(LOGIN, {
    input: { email, password },
  });
  return body.data!.login.accessToken;
}

function place(customerId: number, cartId: string = crypto.randomUUID()): number {
  const lines = [{ productId: 2, quantity: 1, priceCents: 3000 }];
  return sandbox.store.orders.createFromCheckout(
    historicalCheckout(sandbox.store, customerId, lines, cartId),
  );
}

type Result = Record<string, unknown> & { __typename: string };
const payOrder = async (s: Stack, session: string, input: Record<string, unknown>) =>
  (await s.query<{ payOrder: Result }>(PAY, { input }, bearer(session))).body;

describe('payOrder', () => {
  it('charges a stored card once per idempotency key, also when sent twice at once', async () => {
    const id = place(1);
    const input = {
      orderEntityId: id,
      storedInstrumentToken: DEMO_STORED_CARD_TOKEN,
      idempotencyKey: `pay-${id}`,
    };
    const [first, second] = await Promise.all([
      payOrder(stack, demo, input),
      payOrder(stack, demo, input),
    ]);
    const third = await payOrder(stack, demo, input);
    for (const body of [first, second, third]) {
      expect(body.data?.payOrder).toEqual({
        __typename: 'PayOrderPayload',
        order: { entityId: id, status: 'AWAITING_FULFILLMENT' },
      });
    }
    expect(sandbox.counters.get('POST /payments')).toBe(1);
    expect(sandbox.store.orders.get(id)?.statusId).toBe(11);
  });

  it('refuses a second payment of a paid order with another key, without charging', async () => {
    const id = place(1);
    const input = { orderEntityId: id, storedInstrumentToken: DEMO_STORED_CARD_TOKEN };
    await payOrder(stack, demo, { ...input, idempotencyKey: `a-${id}` });
    sandbox.counters.reset();
    const again = await payOrder(stack, demo, { ...input, idempotencyKey: `b-${id}` });
    expect(again.data?.payOrder).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'input.orderEntityId',
    });
    expect(sandbox.counters.get('POST /payments')).toBe(0);
  });

  it('answers another customer’s order as a missing one, and another customer’s card as unusable', async () => {
    const theirs = place(2);
    const refused = await payOrder(stack, demo, {
      orderEntityId: theirs,
      storedInstrumentToken: DEMO_STORED_CARD_TOKEN,
      idempotencyKey: `x-${theirs}`,
    });
    expect(refused.data?.payOrder).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
    const wrongCard = await payOrder(stack, other, {
      orderEntityId: theirs,
      storedInstrumentToken: DEMO_STORED_CARD_TOKEN,
      idempotencyKey: `y-${theirs}`,
    });
    expect(wrongCard.data?.payOrder).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'input.storedInstrumentToken',
    });
    expect(sandbox.counters.get('POST /payments')).toBe(0);
    expect(sandbox.store.orders.get(theirs)?.statusId).toBe(1);
  });

  it('refuses a malformed token before anything goes upstream', async () => {
    const body = await payOrder(stack, demo, {
      orderEntityId: 100,
      storedInstrumentToken: '4111111111111111',
      idempotencyKey: 'k',
    });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(sandbox.counters.total()).toBe(0);
  });

  it('answers a declined charge with PaymentDeclinedError, and a retry with the key may try again', async () => {
    // A gateway of its own whose payments origin declines (the sandbox's stored cards all pass).
    const agent = new MockAgent();
    agent.enableNetConnect();
    agent
      .get(sandbox.url)
      .intercept({ path: `/stores/${sandbox.storeHash}/payments`, method: 'POST' })
      .reply(422, {
        status: 422,
        title: 'Payment declined',
        type: 'about:blank',
        errors: { instrument: 'declined' },
      });
    const declining = await startStack({ sandboxInstance: sandbox, deps: { dispatcher: agent } });
    try {
      const session = await (async () => {
        const { body } = await declining.query<{ login: { accessToken: string } }>(LOGIN, {
          input: DEMO_CUSTOMER_CREDENTIALS,
        });
        return body.data!.login.accessToken;
      })();
      const id = place(1);
      const input = {
        orderEntityId: id,
        storedInstrumentToken: DEMO_STORED_CARD_TOKEN,
        idempotencyKey: `d-${id}`,
      };
      const declined = await payOrder(declining, session, input);
      expect(declined.data?.payOrder).toMatchObject({
        __typename: 'PaymentDeclinedError',
        code: 'PAYMENT_DECLINED',
        field: 'input.storedInstrumentToken',
      });
      expect(sandbox.store.orders.get(id)?.statusId).toBe(1);
      // Nothing was stored under the key: the same key pays once the gateway approves.
      const paid = await payOrder(stack, demo, input);
      expect(paid.data?.payOrder).toMatchObject({ __typename: 'PayOrderPayload' });
    } finally {
      await declining.close();
      await agent.close();
    }
  });
});

describe('createPaymentAccessToken', () => {
  it('gives the customer a token and the accepted methods for their own order', async () => {
    const id = place(1);
    const { body } = await stack.query<{ createPaymentAccessToken: Result }>(
      TOKEN,
      { input: { orderEntityId: id } },
      bearer(demo),
    );
    expect(body.data?.createPaymentAccessToken).toMatchObject({
      __typename: 'CreatePaymentAccessTokenPayload',
      token: expect.stringMatching(/^[0-9a-f]{64}$/),
      paymentMethods: [{ entityId: 'braintree.card', type: 'card', isTestMode: true }],
    });
    const theirs = await stack.query<{ createPaymentAccessToken: Result }>(
      TOKEN,
      { input: { orderEntityId: id } },
      bearer(other),
    );
    expect(theirs.body.data?.createPaymentAccessToken).toMatchObject({
      __typename: 'NotFoundError',
    });
  });

  it('gives a guest a token only with the order’s checkout id', async () => {
    const cartId = crypto.randomUUID();
    const id = place(0, cartId);
    const without = await stack.query<{ createPaymentAccessToken: Result }>(TOKEN, {
      input: { orderEntityId: id },
    });
    expect(without.body.data?.createPaymentAccessToken).toMatchObject({
      __typename: 'NotFoundError',
    });
    const wrong = await stack.query<{ createPaymentAccessToken: Result }>(TOKEN, {
      input: { orderEntityId: id, checkoutId: crypto.randomUUID() },
    });
    expect(wrong.body.data?.createPaymentAccessToken).toMatchObject({
      __typename: 'NotFoundError',
    });
    const proven = await stack.query<{ createPaymentAccessToken: Result }>(TOKEN, {
      input: { orderEntityId: id, checkoutId: cartId },
    });
    expect(proven.body.data?.createPaymentAccessToken).toMatchObject({
      __typename: 'CreatePaymentAccessTokenPayload',
    });
  });
});

describe('logs', () => {
  it('never carry a payment token, a stored card token or a card number', async () => {
    const id = place(1);
    const { body } = await stack.query<{ createPaymentAccessToken: { token: string } }>(
      TOKEN,
      { input: { orderEntityId: id } },
      bearer(demo),
    );
    const token = body.data!.createPaymentAccessToken.token;
    await payOrder(stack, demo, {
      orderEntityId: id,
      storedInstrumentToken: DEMO_STORED_CARD_TOKEN,
      idempotencyKey: `l-${id}`,
    });
    const text = logs.lines.map((line) => JSON.stringify(line));
    expect(text.some((line) => line.includes('"operation":"payOrder"'))).toBe(true);
    for (const secret of [token, DEMO_STORED_CARD_TOKEN, '4111111111111111']) {
      expect(text.filter((line) => line.includes(secret))).toEqual([]);
    }
  });
});
