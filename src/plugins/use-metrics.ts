import type { Plugin } from 'graphql-yoga';
import type { Metrics } from '../metrics.js';
import { onFinalStatus } from './final-status.js';
import type { OperatorCheck } from './use-introspection-gate.js';

/**
 * Times every request, and serves `GET /metrics` (Prometheus text format) on the public listener
 * to internal keys only: anyone else gets the 404 of a path that does not exist. Scrapers use the
 * metrics listener (`metrics-server.ts`) instead.
 */
export function useMetrics(metrics: Metrics, options: { isOperator: OperatorCheck }): Plugin {
  const started = new WeakMap<Request, number>();
  return {
    async onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      started.set(request, performance.now());
      if (url.pathname !== '/metrics' || request.method !== 'GET') return;
      if (!(await options.isOperator(request, serverContext))) return;
      endResponse(
        new fetchAPI.Response(await metrics.registry.metrics(), {
          headers: { 'content-type': metrics.registry.contentType },
        }),
      );
    },
    onResponse({ request, response, serverContext }) {
      const begin = started.get(request);
      if (begin === undefined) return;
      onFinalStatus(serverContext, response.status, (status) => {
        metrics.httpRequest(request.method, status, (performance.now() - begin) / 1000);
      });
    },
  };
}
