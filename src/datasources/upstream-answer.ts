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

/** Maps a non-2xx answer to the error clients see; the message names the endpoint template only. */
export function toUpstreamError(req: UpstreamRequest, res: RawResponse): UpstreamError {
  const { status } = res;
  if (status === 404)
    return new UpstreamNotFoundError(`${describe(req)} found nothing`, { status });
  if (status === 400 || status === 409 || status === 422) {
    const parsed = bcV3ErrorSchema.safeParse(res.body);
    const title = parsed.success ? parsed.data.title : undefined;
    const fields: Record<string, string> = {};
    for (const [field, message] of Object.entries(parsed.data?.errors ?? {})) {
      fields[field] = typeof message === 'string' ? message : JSON.stringify(message);
    }
    return new UpstreamInputError(title ?? `${describe(req)} refused the input`, {
      status,
      fields,
    });
  }
  if (RETRYABLE_STATUS.has(status)) {
    return new UpstreamUnavailableError(`${describe(req)} answered ${status}`, { status });
  }
  return new UpstreamResponseError(`${describe(req)} answered ${status}`, { status });
}
