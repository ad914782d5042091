import type { Plugin } from 'graphql-yoga';

/** `/healthz`: the process is up and not shutting down (503 once draining starts). */
export function useHealth(options: { isDraining: () => boolean }): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/healthz') return;
      const draining = options.isDraining();
      endResponse(
        new fetchAPI.Response(JSON.stringify({ status: draining ? 'draining' : 'ok' }), {
          status: draining ? 503 : 200,
          headers: { 'content-type': 'application/json' },
        }),
      );
    },
  };
}
