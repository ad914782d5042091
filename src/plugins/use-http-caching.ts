import { createHash } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { isPublicViewer, type Viewer } from '../auth/viewer.js';
import type { Config } from '../config.js';
import { asksOnlyPublicFields, isShareableAnswer } from './shareable-answer.js';

export interface UseHttpCachingOptions {
  /** Only answers on this path are given cache headers. */
  graphqlPath: string;
  /** `max-age` of a public answer; 0 makes caches revalidate every time (`no-cache`). */
  publicMaxAgeSeconds: number;
}

/** Never kept anywhere: a key's or a customer's answer, a refusal, anything sent by POST. */
export const PRIVATE_CACHE_CONTROL = 'private, no-store';

/**
 * What a shared cache keys a public answer by besides its URL: the content type chosen by
 * `Accept`, and the credentials, so an authenticated request never gets the anonymous copy.
 */
export const PUBLIC_VARY = 'Accept, Authorization, X-Api-Key';

/**
 * HTTP caching of public answers, so a CDN in front of the gateway can keep them: a `GET` answered
 * to an anonymous caller, for a query that succeeded without errors and from nothing stale, gets
 * `Cache-Control: public, max-age=…` and a strong `ETag` (the SHA-256 of the body), and a matching
 * `If-None-Match` gets `304` without a body. Every other answer is `private, no-store`.
 */
export function useHttpCaching(options: UseHttpCachingOptions): Plugin {
  const publicCacheControl =
    options.publicMaxAgeSeconds > 0
      ? `public, max-age=${options.publicMaxAgeSeconds}`
      : 'public, no-cache';
  /** Anonymous GET queries, until their result says whether the answer is public. */
  const candidates = new WeakSet<Request>();
  const publicAnswers = new WeakSet<Request>();

  return {
    onExecute({ args }) {
      const context = args.contextValue as { request?: Request; viewer?: Viewer };
      const request = context.request;
      if (request?.method !== 'GET' || !context.viewer || !isPublicViewer(context.viewer)) return;
      if (asksOnlyPublicFields(args.document, args.operationName)) candidates.add(request);
    },
    // The final result, after every plugin (stale report, masking) had its say.
    onResultProcess({ request, result }) {
      if (!candidates.has(request) || Array.isArray(result) || Symbol.asyncIterator in result) {
        return;
      }
      if (!isShareableAnswer(result)) return;
      publicAnswers.add(request);
    },
    async onResponse({ request, response, setResponse, fetchAPI }) {
      if (new URL(request.url).pathname !== options.graphqlPath) return;
      if (!publicAnswers.has(request) || response.status !== 200) {
        response.headers.set('cache-control', PRIVATE_CACHE_CONTROL);
        return;
      }
      const body = await response.arrayBuffer();
      const etag = `"${createHash('sha256').update(Buffer.from(body)).digest('base64url')}"`;
      // Copied entry by entry: a copy of the whole `Headers` keeps names in a spelling its own
      // `get` and `delete` no longer find (whatwg-node), and the 304 would keep its content type.
      const headers = new fetchAPI.Headers([...response.headers]);
      headers.set('cache-control', publicCacheControl);
      headers.set('etag', etag);
      headers.append('vary', PUBLIC_VARY);
      // A shared cache would replay one caller's budget to everyone: public answers carry none.
      headers.delete('ratelimit');
      headers.delete('ratelimit-policy');
      if (matchesIfNoneMatch(request.headers.get('if-none-match'), etag)) {
        headers.delete('content-type');
        headers.delete('content-length');
        setResponse(new fetchAPI.Response(null, { status: 304, headers }));
        return;
      }
      setResponse(new fetchAPI.Response(body, { status: response.status, headers }));
    },
  };
}

/**
 * How long an anonymous answer may be reused, in seconds: the whole-response cache's TTL, never
 * longer than the freshness of an entity it shows; 0 with caching off.
 */
export function publicAnswerTtlSeconds(cache: Config['cache']): number {
  if (cache.mode === 'off') return 0;
  return Math.min(cache.responseTtlSeconds, ...Object.values(cache.ttlSeconds));
}

/** `If-None-Match` compares weakly (RFC 9110 13.1.2): `W/"x"` matches `"x"`, `*` matches any. */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}
