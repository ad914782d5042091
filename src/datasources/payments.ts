import { type Dispatcher, Pool } from 'undici';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import {
  UpstreamInputError,
  UpstreamNotFoundError,
  UpstreamRateLimitedError,
  UpstreamResponseError,
  UpstreamUnavailableError,
} from './errors.js';
import type { HttpClient, UpstreamRequest } from './http-client.js';
import type { RequestPriority } from './quota.js';
import {
  type BcPaymentMethod,
  type BcPaymentTransaction,
  bcPaymentAccessTokenSchema,
  bcPaymentErrorSchema,
  bcPaymentMethodSchema,
  bcPaymentResponseSchema,
} from './schemas/payments.js';
import { parseJson } from './upstream-answer.js';

/**
 * BigCommerce's payments origin (`POST {BIGCOMMERCE_PAYMENTS_URL}/stores/{hash}/payments`), which
 * is not the API's and authenticates with `Authorization: PAT <payment access token>`.
 */
export interface PaymentsEndpointOptions {
  readonly url: string;
  readonly storeHash: string;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly logger: Logger;
  /** Tests pass a recording dispatcher; otherwise a pool of its own. */
  readonly dispatcher?: Dispatcher;
}

/** What to charge: a stored instrument (the only kind the gateway itself ever sends). */
export interface PaymentInstrument {
  readonly type: 'stored_card';
  /** Sent in the body only; never logged. */
  readonly token: string;
}

export interface PaymentRequest {
  /** The payment access token for the order; never logged. */
  readonly accessToken: string;
  readonly paymentMethodId: string;
  readonly instrument: PaymentInstrument;
  readonly requestId?: string;
}

/** Process-wide: owns the connection to the payments origin. */
export interface PaymentsEndpoint {
  /**
   * One `POST /payments`. Never repeated once a byte of it left: a repeat could charge twice.
   * @throws UpstreamInputError (400/422: refused or declined), UpstreamUnavailableError (network,
   * timeout, 502–504), UpstreamResponseError (anything else, a 401 among them).
   */
  process(payment: PaymentRequest): Promise<BcPaymentTransaction>;
  close(): Promise<void>;
}

// Failures before the request was written: repeating them cannot charge twice.
const PRE_SEND_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const PRE_SEND_RETRIES = 1;
const ENDPOINT = 'POST /payments';
const bcPaymentMethodListSchema = z.array(bcPaymentMethodSchema);

export function createPaymentsEndpoint(options: PaymentsEndpointOptions): PaymentsEndpoint {
  const url = new URL(options.url);
  const path = `${url.pathname.replace(/\/+$/, '')}/stores/${options.storeHash}/payments`;
  const ownsDispatcher = options.dispatcher === undefined;
  const dispatcher =
    options.dispatcher ??
    new Pool(url.origin, {
      connections: 4,
      connect: { timeout: options.connectTimeoutMs },
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
    });

  async function send(payment: PaymentRequest) {
    const body = JSON.stringify({
      payment: { instrument: payment.instrument, payment_method_id: payment.paymentMethodId },
    });
    const headers: Record<string, string> = {
      authorization: `PAT ${payment.accessToken}`,
      accept: 'application/vnd.bc.v1+json',
      'content-type': 'application/json',
    };
    if (payment.requestId) headers['x-request-id'] = payment.requestId;
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await dispatcher.request({
          origin: url.origin,
          path,
          method: 'POST',
          headers,
          body,
          headersTimeout: options.headersTimeoutMs,
          bodyTimeout: options.bodyTimeoutMs,
        });
        return { status: res.statusCode, body: parseJson(await res.body.text()) };
      } catch (error) {
        const code = errorCode(error);
        const retry = PRE_SEND_CODES.has(code) && attempt <= PRE_SEND_RETRIES;
        // The endpoint and the code only: the headers hold the token, the body the instrument.
        options.logger.warn(
          { requestId: payment.requestId, endpoint: ENDPOINT, code, retry },
          'payment call failed',
        );
        if (!retry)
          throw new UpstreamUnavailableError(`${ENDPOINT} failed (${code})`, { cause: error });
      }
    }
  }

  return {
    async process(payment) {
      const started = performance.now();
      const res = await send(payment);
      const ms = Math.round(performance.now() - started);
      options.logger.debug(
        { requestId: payment.requestId, endpoint: ENDPOINT, status: res.status, ms },
        'payment call',
      );
      if (res.status === 201 || res.status === 200) {
        const parsed = bcPaymentResponseSchema.safeParse(res.body);
        if (!parsed.success)
          throw new UpstreamResponseError(`Unexpected response shape from ${ENDPOINT}`);
        return parsed.data.data;
      }
      throw toPaymentError(res.status, res.body, payment.requestId, options.logger);
    },
    close: async () => {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}

function toPaymentError(
  status: number,
  body: unknown,
  requestId: string | undefined,
  logger: Logger,
) {
  const detail = bcPaymentErrorSchema.safeParse(body);
  const fields: Record<string, string> = {};
  for (const [field, message] of Object.entries(detail.success ? (detail.data.errors ?? {}) : {})) {
    fields[field] = typeof message === 'string' ? message : JSON.stringify(message);
  }
  // BigCommerce's title and field names, for the log only (they never hold the instrument).
  logger.warn(
    {
      requestId,
      endpoint: ENDPOINT,
      status,
      upstreamTitle: detail.success ? detail.data.title : undefined,
      upstreamErrors: Object.keys(fields),
    },
    'payments refused the payment',
  );
  if (status === 400 || status === 422) {
    return new UpstreamInputError(`${ENDPOINT} refused the payment (${status})`, {
      status,
      fields,
    });
  }
  if (status === 404) return new UpstreamNotFoundError(`${ENDPOINT} found nothing`, { status });
  if (status === 429)
    return new UpstreamRateLimitedError(`${ENDPOINT} was rate limited`, { status });
  if (status === 502 || status === 503 || status === 504) {
    return new UpstreamUnavailableError(`${ENDPOINT} answered ${status}`, { status });
  }
  return new UpstreamResponseError(`${ENDPOINT} answered ${status}`, { status });
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'NETWORK_ERROR';
}

/** Payment access tokens and accepted methods (API), and payments (the payments origin). */
export class PaymentsApi {
  constructor(
    private readonly http: HttpClient,
    private readonly endpoint: PaymentsEndpoint,
    private readonly options: { requestId?: string; priority?: RequestPriority } = {},
  ) {}

  /** `POST /v3/payments/access_tokens`: a single-use token to pay this order. Never logged. */
  async createAccessToken(orderId: number): Promise<string> {
    const request = this.request('/v3/payments/access_tokens');
    const token = await this.http.sendV3(
      { ...request, method: 'POST', body: { order: { id: orderId } } },
      bcPaymentAccessTokenSchema,
    );
    return token.id;
  }

  /** `GET /v3/payments/methods?order_id=`: what the order can be paid with. */
  getPaymentMethods(orderId: number): Promise<BcPaymentMethod[]> {
    const request = { ...this.request('/v3/payments/methods'), query: { order_id: orderId } };
    return this.http.getV3(request, bcPaymentMethodListSchema);
  }

  /** Charges a stored instrument with a fresh access token; never retried once sent. */
  pay(payment: Omit<PaymentRequest, 'requestId'>): Promise<BcPaymentTransaction> {
    return this.endpoint.process({ ...payment, requestId: this.options.requestId });
  }

  private request(path: string): UpstreamRequest {
    return { path, requestId: this.options.requestId, priority: this.options.priority };
  }
}
