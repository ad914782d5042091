import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const requestIds = new WeakMap<Request, string>();

/** The id of this request: the caller's `X-Request-Id` when it is sane, otherwise a fresh UUID. */
export function requestIdOf(request: Request): string {
  let id = requestIds.get(request);
  if (!id) {
    const given = request.headers.get(REQUEST_ID_HEADER);
    id = given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

/** Echoes the request id on every response so clients can quote it in bug reports. */
export function useRequestId(): Plugin {
  return {
    onResponse({ request, response }) {
      response.headers.set(REQUEST_ID_HEADER, requestIdOf(request));
    },
  };
}
