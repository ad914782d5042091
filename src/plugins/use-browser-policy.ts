import type { IncomingHttpHeaders } from 'node:http';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';

/**
 * Headers that prove a request is not a browser's "simple" cross-site request (a form POST, a
 * plain GET), because a page can only send them after a CORS preflight: Yoga's own, Apollo's two,
 * and the credentials headers, so a key or a session token is proof enough.
 */
export const CSRF_HEADERS = [
  'x-graphql-yoga-csrf',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'authorization',
  'x-api-key',
] as const;

/** Content types a form can send without a preflight (as Yoga's CSRF plugin lists them). */
const NON_PREFLIGHTED_CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
];

/**
 * The CSRF rule of `browserPolicy`, for a request Yoga does not see (the fast path): a content type
 * a form cannot send, or one of `CSRF_HEADERS`. A test holds it to Yoga's plugin.
 */
export function passesCsrfCheck(headers: IncomingHttpHeaders): boolean {
  const contentType = headers['content-type']?.toLowerCase();
  if (contentType && !NON_PREFLIGHTED_CONTENT_TYPES.some((t) => contentType.startsWith(t))) {
    return true;
  }
  return CSRF_HEADERS.some((name) => headers[name] !== undefined);
}

/** What browser code on an allowed origin may read from an answer. */
const EXPOSED_HEADERS = ['RateLimit', 'RateLimit-Policy', 'Retry-After', 'X-Request-Id', 'ETag'];

/** How long a browser may keep a preflight's answer. */
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * Yoga's `cors` option: only `CORS_ORIGINS` are allowed (none by default, where Yoga's own default
 * allows every origin). Credentials travel in headers, never cookies, so none are allowed.
 */
export function corsPolicy(origins: readonly string[]) {
  const allowed = new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (!origin || !allowed.has(origin)) return false as const;
    return {
      origin: [origin],
      methods: ['GET', 'POST'],
      exposedHeaders: EXPOSED_HEADERS,
      credentials: false,
      maxAge: PREFLIGHT_MAX_AGE_S,
    };
  };
}

/**
 * CSRF prevention (Yoga's plugin: a request must carry a `content-type` a form cannot send, such
 * as `application/json`, or one of `CSRF_HEADERS`), and `Vary: Origin` on every answer when some
 * origins are allowed, so a shared cache never hands one origin's CORS answer to another.
 */
export function browserPolicy(origins: readonly string[]): Plugin[] {
  const csrf = useCSRFPrevention({ requestHeaders: [...CSRF_HEADERS] });
  if (origins.length === 0) return [csrf];
  return [
    csrf,
    {
      onResponse({ response }) {
        const vary = response.headers.get('vary');
        if (!vary?.toLowerCase().includes('origin')) {
          response.headers.set('vary', vary ? `${vary}, Origin` : 'Origin');
        }
      },
    },
  ];
}
