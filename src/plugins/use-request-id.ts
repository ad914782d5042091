import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

export const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const requestIds = new WeakMap<Request, string>();

/** The id of this request: the caller's `X-Request-Id` when it is sane, otherwise a fresh UUID. */
export function requestIdOf(request: Request): string {
  let id = requestIds.get(request);
  if (!id) {
    id = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
    requestIds.set(request, id);
  }
  return id;
}

/** The id for a request that sent `given` as its `X-Request-Id` (the fast path has no `Request`). */
export function requestIdFrom(given: string | null | undefined): string {
  return given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Echoes the request id on every response so clients can quote it in bug reports. */
export function useRequestId(): Plugin {
  return {
    onResponse({ request, response }) {
      response.headers.set(REQUEST_ID_HEADER, requestIdOf(request));
    },
  };
}
