import type { Plugin } from 'graphql-yoga';
import {
  type Authenticate,
  credentialsFromHeaders,
  UnauthenticatedError,
} from '../auth/authenticate.js';
import { type ClientIpResolver, clientIpOf } from '../auth/client-ip.js';
import type { Viewer } from '../auth/viewer.js';
import { handoffOf } from '../fast-path/handoff.js';

const viewers = new WeakMap<Request, Viewer>();

/** The viewer `useViewer` found for this request, if it ran. */
export function viewerOf(request: Request): Viewer | undefined {
  return viewers.get(request);
}

/** Sets the viewer of a request authenticated elsewhere (a WebSocket's `connection_init`). */
export function setViewerOf(request: Request, viewer: Viewer): void {
  viewers.set(request, viewer);
}

export interface UseViewerOptions {
  authenticate: Authenticate;
  /** The caller's address from the socket's and `X-Forwarded-For` (see `client-ip.ts`). */
  clientIp: ClientIpResolver;
  /** Only requests to this path are authenticated (health and metrics have their own rules). */
  graphqlPath: string;
}

/**
 * Authenticates every GraphQL request once, before it is parsed: a bad credential is a 401 that
 * costs no parsing and no upstream call. Everything downstream (context, scopes, limits, caching,
 * upstream priority) reads the viewer from here.
 */
export function useViewer(options: UseViewerOptions): Plugin {
  return {
    async onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      if (url.pathname !== options.graphqlPath) return;
      // Authenticated already by the fast path, from the same headers.
      const handedOff = handoffOf(serverContext)?.viewer;
      if (handedOff) {
        viewers.set(request, handedOff);
        return;
      }
      const ip = clientIpOf(options.clientIp, request, serverContext);
      try {
        viewers.set(
          request,
          await options.authenticate(credentialsFromHeaders(request.headers, ip)),
        );
      } catch (error) {
        if (!(error instanceof UnauthenticatedError)) throw error;
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({
              errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }],
            }),
            {
              status: 401,
              headers: {
                'content-type': 'application/json',
                'www-authenticate': 'Bearer realm="bigcommerce-gateway"',
              },
            },
          ),
        );
      }
    },
  };
}
