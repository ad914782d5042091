import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { RequestCounters } from '../counters.js';
import { ERROR_TYPE, readJsonBody, writeJson } from '../http.js';
import type { SandboxStore } from '../store.js';
import { APPROVED_TEST_CARD, CARD_METHOD_ID, DECLINED_TEST_CARD, isPayable } from './methods.js';

export interface PaymentOriginDeps {
  storeHash: string;
  store: SandboxStore;
  counters: RequestCounters;
}

/** The payments origin's path: `/stores/{store_hash}/payments` (`payments/process_payments.yml`). */
export const PAYMENTS_PATH = /^\/stores\/[^/]+\/payments\/?$/;

const STORE_HASH = /^\/stores\/([^/]+)\//;
const ACCEPT = 'application/vnd.bc.v1+json';

/** The instruments the sandbox takes: stored cards and raw (test) cards. */
const instrument = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('stored_card'),
    token: z.string().min(1),
    verification_value: z.string().optional(),
  }),
  z.object({
    type: z.literal('card'),
    number: z.string().min(1),
    cardholder_name: z.string().min(1),
    expiry_month: z.number().int().min(1).max(12),
    expiry_year: z.number().int(),
    verification_value: z.string().min(3).max(4).optional(),
  }),
]);
const paymentRequest = z.object({
  payment: z.object({
    instrument,
    payment_method_id: z.string().min(1),
    save_instrument: z.boolean().optional(),
  }),
});

/** A refusal in the payments origin's shape (`Error Payment Response`). */
class PaymentError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly errors?: Record<string, string>,
  ) {
    super(title);
  }
}

/**
 * `POST /stores/{hash}/payments` with `Authorization: PAT <token>`: a token pays its own order
 * once; stored cards must be the order's customer's; test cards approve or decline by number.
 * Nothing here logs or echoes an instrument: answers name fields, never values.
 */
export async function handlePayment(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: PaymentOriginDeps,
): Promise<void> {
  deps.counters.record('POST /payments', url.pathname);
  try {
    const data = await processPayment(req, url, deps);
    writeJson(res, 201, { data });
  } catch (error) {
    if (!(error instanceof PaymentError)) throw error;
    const body: Record<string, unknown> = {
      status: error.status,
      title: error.title,
      type: ERROR_TYPE,
    };
    if (error.errors) body.errors = error.errors;
    writeJson(res, error.status, body);
  }
}

async function processPayment(req: IncomingMessage, url: URL, deps: PaymentOriginDeps) {
  if (req.method !== 'POST') throw new PaymentError(405, 'Method not allowed.');
  if (STORE_HASH.exec(url.pathname)?.[1] !== deps.storeHash) {
    throw new PaymentError(404, 'Store not found.');
  }
  const token = /^PAT (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!token) throw new PaymentError(401, 'A payment access token is required.');
  if (req.headers.accept !== ACCEPT) {
    throw new PaymentError(400, `Accept must be ${ACCEPT}.`, { Accept: 'unsupported' });
  }
  const parsed = paymentRequest.safeParse(await readJsonBody(req).catch(() => undefined));
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || 'body');
    throw new PaymentError(
      400,
      'The payment request is malformed.',
      Object.fromEntries(fields.map((f) => [f, 'invalid'])),
    );
  }
  const orderId = deps.store.orders.spendPaymentToken(token);
  const order = orderId === undefined ? undefined : deps.store.orders.get(orderId);
  if (!order) throw new PaymentError(401, 'The payment access token is invalid or spent.');
  if (!isPayable(order)) throw new PaymentError(422, 'The order has already been paid.');
  const { payment } = parsed.data;
  if (payment.payment_method_id !== CARD_METHOD_ID) {
    throw new PaymentError(422, 'The payment method is not accepted.', {
      payment_method_id: 'not accepted',
    });
  }
  if (payment.instrument.type === 'stored_card') {
    const { token: cardToken } = payment.instrument;
    const owned =
      order.customerId > 0 &&
      deps.store.customers.storedInstrumentsOf(order.customerId).some((c) => c.token === cardToken);
    if (!owned)
      throw new PaymentError(422, 'The stored instrument is not valid for this order.', {
        instrument: 'invalid',
      });
  } else if (payment.instrument.number === DECLINED_TEST_CARD) {
    throw new PaymentError(422, 'The payment was declined.', { instrument: 'declined' });
  } else if (payment.instrument.number !== APPROVED_TEST_CARD) {
    throw new PaymentError(422, 'The card number is not valid.', { instrument: 'invalid' });
  }
  const id = deps.store.orders.recordPayment(
    order,
    payment.payment_method_id,
    payment.instrument.type,
  );
  return { id, transaction_type: 'purchase', status: 'success' };
}
