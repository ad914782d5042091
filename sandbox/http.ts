import type { IncomingMessage, ServerResponse } from 'node:http';

/** The `type` BigCommerce puts in v3 error bodies. */
export const ERROR_TYPE =
  'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

/** A v3 error body: `{ status, title, type, errors? }` (`error_Base` / `errorResponse_422`). */
export interface V3Error {
  status: number;
  title: string;
  type: string;
  errors?: Record<string, string>;
}

/** Thrown by handlers and parsers; the server turns it into a v3 error answer. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly title: string,
    readonly errors?: Record<string, string>,
  ) {
    super(title);
  }

  toBody(): V3Error {
    const body: V3Error = { status: this.status, title: this.title, type: ERROR_TYPE };
    if (this.errors) body.errors = this.errors;
    return body;
  }
}

export const notFound = (what: string): HttpError =>
  new HttpError(404, `The requested ${what} was not found.`);

/** What a handler answers; the server adds the rate-limit headers. */
export interface Reply {
  status?: number;
  body: unknown;
}

export const single = (data: unknown): Reply => ({ body: { data, meta: {} } });

export interface PageRequest {
  page: number;
  limit: number;
}

/**
 * Slices one page and builds `meta.pagination`. Links keep the caller's other query parameters,
 * as BigCommerce's do, with `page` and `limit` last.
 */
export function paginate<T>(
  items: readonly T[],
  request: PageRequest,
  query: URLSearchParams,
  view: (item: T) => unknown = (item) => item,
): Reply {
  const { page, limit } = request;
  const total = items.length;
  const totalPages = Math.ceil(total / limit);
  const data = items.slice((page - 1) * limit, page * limit).map(view);
  const link = (target: number): string => {
    const params = new URLSearchParams(query);
    params.delete('page');
    params.delete('limit');
    params.set('page', String(target));
    params.set('limit', String(limit));
    // BigCommerce leaves `:` and `,` unescaped in its links (`?id:in=1,2&page=2&limit=50`).
    return `?${params.toString().replace(/%3A/gi, ':').replace(/%2C/gi, ',')}`;
  };
  const links: Record<string, string> = {};
  if (page > 1) links.previous = link(Math.min(page - 1, Math.max(totalPages, 1)));
  links.current = link(page);
  if (page < totalPages) links.next = link(page + 1);
  const pagination = {
    total,
    count: data.length,
    per_page: limit,
    current_page: page,
    total_pages: totalPages,
    links,
  };
  return { body: { data, meta: { pagination } } };
}

export function writeJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed || res.headersSent) return;
  // No body (`204 No Content`): JSON.stringify(undefined) is not a string.
  const payload = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

/** A JSON request body (`{}` when empty); a body that is not JSON is a 400. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text === '' ? {} : JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
}
