import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Dispatcher, Pool } from 'undici';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import {
  UpstreamRateLimitedError,
  UpstreamResponseError,
  UpstreamUnavailableError,
} from './errors.js';
import type { QuotaGovernor, RequestPriority } from './quota.js';
import { parseRateLimitHeaders } from './rate-limit-headers.js';
import { conformsTo } from './schemas/conforms.js';
import {
  type BcPagination,
  type bcPaginationSchema,
  bcV3ListEnvelope,
  bcV3SingleEnvelope,
  completePagination,
} from './schemas/envelope.js';
import { collectDropped } from './schemas/lenient.js';
import {
  describe,
  isRead,
  parseJson,
  REFUSED_STATUS,
  RETRYABLE_STATUS,
  refusalDetail,
  toQueryString,
  toUpstreamError,
} from './upstream-answer.js';

export interface HttpClientOptions {
  /** Origin (and optional path prefix) of the API, e.g. `https://api.bigcommerce.com`. */
  baseUrl: string;
  storeHash: string;
  accessToken: string;
  connectTimeoutMs: number;
  /** Time allowed until response headers arrive. */
  headersTimeoutMs: number;
  /** Time allowed between two body chunks. */
  bodyTimeoutMs: number;
  /** Keep-alive connections in the pool. */
  connections: number;
  /** Retries of idempotent requests on network errors and 502/503/504. */
  maxRetries: number;
  /** Longest total wait for 429s in one call; a longer reset throws UpstreamRateLimitedError. */
  maxRateLimitWaitMs: number;
  governor?: QuotaGovernor;
  logger?: Logger;
  /** Replaces the pool (tests pass a MockAgent); it is not closed by `close()`. */
  dispatcher?: Dispatcher;
  /** @default 100 */
  retryBaseDelayMs?: number;
  /** @default 2000 */
  retryMaxDelayMs?: number;
  /** Told about every attempt (metrics): endpoint template, status or network error, duration. */
  onCall?: (call: { endpoint: string; status: number | 'network-error'; ms: number }) => void;
}

export type QueryValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly (string | number)[];

export interface UpstreamRequest {
  /** @default 'GET' */
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Relative to `/stores/{hash}`, e.g. `/v3/catalog/products`. */
  path: string;
  /** Arrays are joined by `,`; `null`/`undefined` are dropped. */
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** @default 'shopper' */
  priority?: RequestPriority;
  requestId?: string;
  signal?: AbortSignal;
  /** Marks a POST as safe to repeat. GET/PUT/DELETE always are. */
  idempotent?: boolean;
}

export interface RawResponse {
  status: number;
  body: unknown;
}

// Errors raised before a byte of the request left: repeating them cannot duplicate a write.
const PRE_SEND_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
// A 429 without quota headers is platform shedding: wait longer than for a 5xx.
const SHED_FACTOR = 10;
// Bounds a store whose quota keeps resetting to 0 ms, where the wait cap alone would never trip.
const MAX_RATE_LIMIT_RETRIES = 5;

/** One per process: owns the keep-alive pool, pacing, retries and envelope parsing. */
export class HttpClient {
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly origin: string;
  private readonly prefix: string;
  private readonly baseDelay: number;
  private readonly maxDelay: number;
  /** Built envelopes, by kind (list or single) and then by item schema. */
  private readonly envelopes = new Map<
    (item: z.ZodType) => z.ZodType,
    WeakMap<z.ZodType, z.ZodType>
  >();

  constructor(private readonly options: HttpClientOptions) {
    const url = new URL(options.baseUrl);
    this.origin = url.origin;
    this.prefix = `${url.pathname.replace(/\/+$/, '')}/stores/${options.storeHash}`;
    this.baseDelay = options.retryBaseDelayMs ?? 100;
    this.maxDelay = options.retryMaxDelayMs ?? 2_000;
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher =
      options.dispatcher ??
      new Pool(this.origin, {
        connections: options.connections,
        connect: { timeout: options.connectTimeoutMs },
        headersTimeout: options.headersTimeoutMs,
        bodyTimeout: options.bodyTimeoutMs,
      });
  }

  /** A v3 single-resource answer: returns `data`. */
  async getV3<T>(req: UpstreamRequest, itemSchema: z.ZodType<T>): Promise<T> {
    const { body } = await this.expectOk(req);
    const parsed = this.parse(req, this.envelope(itemSchema, bcV3SingleEnvelope), body);
    return (parsed as { data: T }).data;
  }

  /**
   * A v3 list: `data` plus pagination (counters BigCommerce omits are derived from the page).
   * Malformed items are dropped and logged; the rest of the page is kept.
   */
  async listV3<T>(
    req: UpstreamRequest,
    itemSchema: z.ZodType<T>,
  ): Promise<{ data: T[]; pagination: BcPagination }> {
    const { body } = await this.expectOk(req);
    const parsed = this.parse(req, this.envelope(itemSchema, bcV3ListEnvelope), body) as {
      data: T[];
      meta?: { pagination?: z.infer<typeof bcPaginationSchema> };
    };
    const data = parsed.data;
    const asked = { page: numberOf(req.query?.page), limit: numberOf(req.query?.limit) };
    return { data, pagination: completePagination(parsed.meta?.pagination, data.length, asked) };
  }

  /** POST/PUT answered with a v3 single envelope. @default method 'POST' */
  sendV3<T>(req: UpstreamRequest, itemSchema: z.ZodType<T>): Promise<T> {
    return this.getV3({ ...req, method: req.method ?? 'POST' }, itemSchema);
  }

  /** A v2 answer: bare JSON. */
  async v2<T>(req: UpstreamRequest, schema: z.ZodType<T>): Promise<T> {
    const { body } = await this.expectOk(req);
    return this.parse(req, schema, body) as T;
  }

  /** A v2 list: a bare array, or `204 No Content` for an empty one. */
  async listV2<T>(req: UpstreamRequest, itemSchema: z.ZodType<T>): Promise<T[]> {
    const { status, body } = await this.expectOk(req);
    if (status === 204 || body === undefined) return [];
    return this.parse(req, z.array(itemSchema), body) as T[];
  }

  /** Any 2xx answer, unparsed (bodies without an envelope). Errors map like the other methods. */
  sendRaw(req: UpstreamRequest): Promise<RawResponse> {
    return this.expectOk(req);
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private envelope(item: z.ZodType, build: (item: z.ZodType) => z.ZodType): z.ZodType {
    let byItem = this.envelopes.get(build);
    if (!byItem) {
      byItem = new WeakMap();
      this.envelopes.set(build, byItem);
    }
    let schema = byItem.get(item);
    if (!schema) {
      schema = build(item);
      byItem.set(item, schema);
    }
    return schema;
  }

  private parse(req: UpstreamRequest, schema: z.ZodType, body: unknown): unknown {
    // An answer that already is what zod would make of it is used as it is (see `conforms.ts`).
    if (conformsTo(schema)?.(body)) return body;
    const { result, dropped } = collectDropped(() => schema.safeParse(body));
    if (dropped.length > 0) {
      // Ids and zod issue codes only: the body may carry anything.
      this.options.logger?.warn(
        { requestId: req.requestId, endpoint: describe(req), dropped },
        'upstream items dropped: malformed',
      );
    }
    if (!result.success) {
      throw new UpstreamResponseError(`Unexpected response shape from ${describe(req)}`, {
        cause: result.error,
      });
    }
    return result.data;
  }

  private async expectOk(req: UpstreamRequest): Promise<RawResponse> {
    const res = await this.execute(req);
    if (res.status >= 200 && res.status < 300) return res;
    if (REFUSED_STATUS.has(res.status)) this.logRefusal(req, res);
    throw toUpstreamError(req, res);
  }

  /**
   * BigCommerce's own words about a refusal go to the log, never to clients. A refused read is a
   * request the gateway built wrong: an `error`. A refused write is the caller's input: a `warn`.
   */
  private logRefusal(req: UpstreamRequest, res: RawResponse): void {
    const { title, errors } = refusalDetail(res.body);
    const entry = {
      requestId: req.requestId,
      endpoint: describe(req),
      status: res.status,
      upstreamTitle: title,
      upstreamErrors: errors,
    };
    if (isRead(req))
      this.options.logger?.error(entry, 'upstream refused a request the gateway built');
    else this.options.logger?.warn(entry, 'upstream refused the input');
  }

  /** Sends with pacing and retries; returns the final answer, throws only for transport failures. */
  private async execute(req: UpstreamRequest): Promise<RawResponse> {
    const method = req.method ?? 'GET';
    const idempotent = method !== 'POST' || req.idempotent === true;
    const upstreamCallId = randomUUID();
    const log = { requestId: req.requestId, upstreamCallId, method, path: req.path };
    let rateLimitWaited = 0;
    let limited = 0;
    let shed = 0;
    for (let attempt = 1; ; attempt++) {
      await this.options.governor?.acquire({
        priority: req.priority ?? 'shopper',
        maxWaitMs: this.options.maxRateLimitWaitMs,
        signal: req.signal,
      });
      const started = performance.now();
      let res: RawResponse & { headers: Record<string, string | string[] | undefined> };
      try {
        res = await this.send(req, method);
      } catch (error) {
        if (req.signal?.aborted) throw req.signal.reason;
        this.options.onCall?.({
          endpoint: describe(req),
          status: 'network-error',
          ms: performance.now() - started,
        });
        const code = errorCode(error);
        const retry =
          (idempotent || PRE_SEND_CODES.has(code)) && attempt <= this.options.maxRetries;
        this.options.logger?.warn({ ...log, attempt, code, retry }, 'upstream call failed');
        if (!retry) {
          throw new UpstreamUnavailableError(`${describe(req)} failed (${code})`, { cause: error });
        }
        await sleep(this.backoff(this.baseDelay, attempt, this.maxDelay), undefined, {
          signal: req.signal,
        });
        continue;
      }
      const ms = Math.round(performance.now() - started);
      this.options.onCall?.({ endpoint: describe(req), status: res.status, ms });
      this.options.logger?.debug({ ...log, status: res.status, ms, attempt }, 'upstream call');
      const info = parseRateLimitHeaders(res.headers);
      this.options.governor?.observe(info, res.status);

      let delay: number | undefined;
      if (res.status === 429) {
        // A 429 was refused before processing, so even a POST is safe to repeat.
        delay =
          info.resetMs === undefined
            ? this.backoff(this.baseDelay * SHED_FACTOR, ++shed, this.maxDelay * SHED_FACTOR)
            : info.resetMs;
        rateLimitWaited += delay;
        if (
          rateLimitWaited > this.options.maxRateLimitWaitMs ||
          shed > this.options.maxRetries ||
          ++limited > MAX_RATE_LIMIT_RETRIES
        ) {
          throw new UpstreamRateLimitedError(`${describe(req)} was rate limited`, {
            status: 429,
            retryAfterMs: info.resetMs,
          });
        }
      } else if (RETRYABLE_STATUS.has(res.status) && idempotent) {
        if (attempt > this.options.maxRetries) {
          throw new UpstreamUnavailableError(`${describe(req)} answered ${res.status}`, {
            status: res.status,
          });
        }
        delay = this.backoff(this.baseDelay, attempt, this.maxDelay);
      }
      if (delay === undefined) return res;
      this.options.logger?.warn({ ...log, status: res.status, attempt, delay }, 'upstream retry');
      await sleep(delay, undefined, { signal: req.signal });
    }
  }

  private async send(req: UpstreamRequest, method: string) {
    const headers: Record<string, string> = {
      'x-auth-token': this.options.accessToken,
      accept: 'application/json',
      'content-type': 'application/json',
    };
    if (req.requestId) headers['x-request-id'] = req.requestId;
    const res = await this.dispatcher.request({
      origin: this.origin,
      path: `${this.prefix}${req.path}${toQueryString(req.query)}`,
      method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: req.signal,
      headersTimeout: this.options.headersTimeoutMs,
      bodyTimeout: this.options.bodyTimeoutMs,
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, body: parseJson(text) };
  }

  /** Exponential backoff with jitter (half fixed, half random) so retries spread out. */
  private backoff(base: number, attempt: number, cap: number): number {
    const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }
}

const numberOf = (value: QueryValue): number | undefined =>
  typeof value === 'number' ? value : undefined;

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'NETWORK_ERROR';
}
