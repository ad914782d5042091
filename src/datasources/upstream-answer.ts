import {
  type UpstreamError,
  UpstreamInputError,
  UpstreamNotFoundError,
  UpstreamResponseError,
  UpstreamUnavailableError,
} from './errors.js';
import type { QueryValue, RawResponse, UpstreamRequest } from './http-client.js';
import { bcV3ErrorSchema } from './schemas/envelope.js';

/** Statuses that mean "try again later": retried for idempotent requests. */
export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([502, 503, 504]);

/** `?a=1&id:in=1,2`: `:` and `,` stay readable (both legal in a query) and keep URLs short. */
export function toQueryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    parts.push(`${encode(key)}=${encode(text)}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function encode(text: string): string {
  return encodeURIComponent(text).replace(/%3A/gi, ':').replace(/%2C/gi, ',');
}

export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `GET /v3/catalog/products/{id}`: ids and tokens in the path become placeholders, no query. */
export function describe(req: UpstreamRequest): string {
  const template = req.path
    .split('/')
    .map((segment) => (/^\d+$|^[0-9a-f-]{16,}$/i.test(segment) ? '{id}' : segment))
    .join('/');
  return `${req.method ?? 'GET'} ${template}`;
}

/** Statuses by which BigCommerce refuses a request it understood. */
export const REFUSED_STATUS: ReadonlySet<number> = new Set([400, 409, 422]);

/** A read builds its request from gateway code alone, so a refusal of it is the gateway's bug. */
export const isRead = (req: UpstreamRequest): boolean => (req.method ?? 'GET') === 'GET';

/** What BigCommerce said about a refusal: its `title` and `errors`, for the log only. */
export function refusalDetail(body: unknown): { title?: string; errors?: Record<string, unknown> } {
  const parsed = bcV3ErrorSchema.safeParse(body);
  return parsed.success ? { title: parsed.data.title, errors: parsed.data.errors } : {};
}

/**
 * Maps a non-2xx answer to the error clients see. Messages are the gateway's own words and name
 * the endpoint template only: upstream titles and `errors` bodies go to the log, never here.
 */
export function toUpstreamError(req: UpstreamRequest, res: RawResponse): UpstreamError {
  const { status } = res;
  if (status === 404)
    return new UpstreamNotFoundError(`${describe(req)} found nothing`, { status });
  if (REFUSED_STATUS.has(status)) {
    if (isRead(req)) {
      return new UpstreamResponseError(
        `${describe(req)} refused a request the gateway built (${status})`,
        { status },
      );
    }
    const fields: Record<string, string> = {};
    for (const [field, message] of Object.entries(refusalDetail(res.body).errors ?? {})) {
      fields[field] = typeof message === 'string' ? message : JSON.stringify(message);
    }
    return new UpstreamInputError(`${describe(req)} refused the input (${status})`, {
      status,
      fields,
    });
  }
  if (RETRYABLE_STATUS.has(status)) {
    return new UpstreamUnavailableError(`${describe(req)} answered ${status}`, { status });
  }
  return new UpstreamResponseError(`${describe(req)} answered ${status}`, { status });
}
