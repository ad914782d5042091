import type { RateLimitInfo } from './quota.js';

/** Response headers as undici hands them over (lower-cased names). */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

function readNumber(headers: ResponseHeaders, name: string): number | undefined {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined;
}

/**
 * Reads BigCommerce's `X-Rate-Limit-*` headers. A missing or malformed header is `undefined`, which
 * on a 429 means the platform is shedding load rather than our store running out of quota.
 */
export function parseRateLimitHeaders(headers: ResponseHeaders): RateLimitInfo {
  return {
    windowMs: readNumber(headers, 'x-rate-limit-time-window-ms'),
    resetMs: readNumber(headers, 'x-rate-limit-time-reset-ms'),
    quota: readNumber(headers, 'x-rate-limit-requests-quota'),
    left: readNumber(headers, 'x-rate-limit-requests-left'),
  };
}
