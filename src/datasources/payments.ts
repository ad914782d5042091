import type { Dispatcher } from 'undici';
import type { Logger } from '../logger.js';
import type { HttpClient } from './http-client.js';
import type { RequestPriority } from './quota.js';

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

/** Process-wide: owns the connection to the payments origin. */
export interface PaymentsEndpoint {
  close(): Promise<void>;
}

export function createPaymentsEndpoint(options: PaymentsEndpointOptions): PaymentsEndpoint {
  void options;
  // Skeleton: the payments helper replaces this.
  return { close: async () => {} };
}

/** Payment access tokens and accepted methods (API), and payments (the payments origin). */
export class PaymentsApi {
  constructor(
    private readonly http: HttpClient,
    private readonly endpoint: PaymentsEndpoint,
    private readonly options: { requestId?: string; priority?: RequestPriority } = {},
  ) {}
}
