import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import { onFinalStatus } from './final-status.js';
import { requestIdOf } from './use-request-id.js';

const QUIET_PATHS = new Set(['/healthz']);

/**
 * One access-log line per HTTP request: id, method, path, status and duration. No headers, query
 * text or variables: they can carry tokens and shoppers' data.
 */
export function useRequestLog(logger: Logger): Plugin {
  const started = new WeakMap<Request, number>();
  return {
    onRequest({ request }) {
      started.set(request, performance.now());
    },
    onResponse({ request, response, serverContext }) {
      const begin = started.get(request);
      const path = new URL(request.url).pathname;
      onFinalStatus(serverContext, response.status, (status) => {
        const line = {
          requestId: requestIdOf(request),
          method: request.method,
          path,
          status,
          ms: begin === undefined ? undefined : Math.round(performance.now() - begin),
        };
        if (QUIET_PATHS.has(path)) logger.debug(line, 'request');
        else logger.info(line, 'request');
      });
    },
  };
}
