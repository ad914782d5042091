/**
 * Errors the upstream HTTP client throws. Each carries a stable `code` that the server maps onto
 * `extensions.code`; messages never include tokens, upstream URLs with their query, or upstream bodies.
 */
export type UpstreamErrorCode =
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_ERROR';

export abstract class UpstreamError extends Error {
  abstract readonly code: UpstreamErrorCode;
  /** HTTP status BigCommerce answered, when it answered at all. */
  readonly status: number | undefined;
  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.status = options.status;
  }
}

/** 404: the resource does not exist (resolvers usually turn this into `null`). */
export class UpstreamNotFoundError extends UpstreamError {
  override readonly name = 'UpstreamNotFoundError';
  readonly code = 'NOT_FOUND';
}

/**
 * 400/409/422 on a write: BigCommerce refused what the caller asked to change. `fields` is its
 * `errors` map, for the write to turn into typed user errors in its own words; it is never copied
 * into a client message as is (maskError leaves it out).
 */
export class UpstreamInputError extends UpstreamError {
  override readonly name = 'UpstreamInputError';
  readonly code = 'BAD_USER_INPUT';
  readonly fields: Readonly<Record<string, string>>;
  constructor(
    message: string,
    options: { status?: number; fields?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, options);
    this.fields = options.fields ?? {};
  }
}

/** 429 that could not be waited out within the configured bound. */
export class UpstreamRateLimitedError extends UpstreamError {
  override readonly name = 'UpstreamRateLimitedError';
  readonly code = 'UPSTREAM_RATE_LIMITED';
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: { status?: number; retryAfterMs?: number } = {}) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Network failure, timeout, or 502/503/504 after retries. */
export class UpstreamUnavailableError extends UpstreamError {
  override readonly name = 'UpstreamUnavailableError';
  readonly code = 'UPSTREAM_UNAVAILABLE';
}

/**
 * Anything else: 401/403 (our credentials), 400/409/422 on a read (a request the gateway built, so
 * the gateway's bug), other 5xx, or a body that does not match its schema.
 */
export class UpstreamResponseError extends UpstreamError {
  override readonly name = 'UpstreamResponseError';
  readonly code = 'UPSTREAM_ERROR';
}

export function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof UpstreamError;
}
