import type { Plugin } from 'graphql-yoga';

export interface HealthOptions {
  isDraining: () => boolean;
  /** Webhook events received but not yet processed (the stream's lag); a failure reads as unknown. */
  webhookLag?: () => Promise<number>;
}

/**
 * `/healthz`: the process is up and not shutting down (503 once draining starts), with the
 * webhook stream's lag for operators (a growing lag means workers are not keeping up).
 */
export function useHealth(options: HealthOptions): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/healthz') return;
      const draining = options.isDraining();
      const lag = options.webhookLag ? await options.webhookLag().catch(() => null) : undefined;
      const body = {
        status: draining ? 'draining' : 'ok',
        ...(lag === undefined ? {} : { webhookLag: lag }),
      };
      endResponse(
        new fetchAPI.Response(JSON.stringify(body), {
          status: draining ? 503 : 200,
          headers: { 'content-type': 'application/json' },
        }),
      );
    },
  };
}
