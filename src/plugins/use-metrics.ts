import type { Plugin } from 'graphql-yoga';
import type { Metrics } from '../metrics.js';

/** Serves `GET /metrics` (Prometheus text format) and times every other request. */
export function useMetrics(metrics: Metrics): Plugin {
  const started = new WeakMap<Request, number>();
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== '/metrics') {
        started.set(request, performance.now());
        return;
      }
      endResponse(
        new fetchAPI.Response(await metrics.registry.metrics(), {
          headers: { 'content-type': metrics.registry.contentType },
        }),
      );
    },
    onResponse({ request, response }) {
      const begin = started.get(request);
      if (begin === undefined) return;
      metrics.httpRequest(request.method, response.status, (performance.now() - begin) / 1000);
    },
  };
}
