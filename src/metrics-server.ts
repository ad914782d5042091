import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { describeListenError, ListenError } from './process/listen-error.js';

/** Where Prometheus scrapes: a listener of its own, apart from the public one. */
export interface MetricsServer {
  /** Listens on `port` (0 = ephemeral) and resolves with the base URL (`/metrics` below it). */
  start(port: number, host: string): Promise<string>;
  /** Closes the listener and any scrape connection left open. Idempotent. */
  stop(): Promise<void>;
}

/**
 * `GET /metrics` on `METRICS_HOST:METRICS_PORT` (loopback by default), so metrics never face the
 * internet with the gateway. Anything else is a 404. Plain `node:http`: nothing of the GraphQL
 * stack (auth, limits, logs) runs for a scrape.
 */
export function createMetricsServer(registry: Registry): MetricsServer {
  let server: Server | undefined;
  return {
    start(port, host) {
      const listener = createServer((request, response) => {
        const path = request.url?.split('?')[0];
        if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
          response.writeHead(404).end();
          return;
        }
        registry.metrics().then(
          (text) => {
            response.writeHead(200, { 'content-type': registry.contentType });
            response.end(request.method === 'HEAD' ? undefined : text);
          },
          () => response.writeHead(500).end(),
        );
      });
      server = listener;
      return new Promise((resolve, reject) => {
        listener.once('error', (error) => reject(metricsListenError(error, port)));
        listener.listen(port, host, () => {
          const { port: bound } = listener.address() as AddressInfo;
          const shownHost =
            host === '0.0.0.0' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
          resolve(`http://${shownHost}:${bound}`);
        });
      });
    },
    stop() {
      const listener = server;
      server = undefined;
      if (!listener?.listening) return Promise.resolve();
      return new Promise((resolve) => {
        listener.close(() => resolve());
        // A scraper's keep-alive socket would hold `close` open; a scrape is cheap to cut.
        listener.closeAllConnections();
      });
    },
  };
}

/** A taken metrics port names its own variable, not `PORT`, whoever reports it. */
function metricsListenError(error: Error, port: number): Error {
  const described = describeListenError(error, { name: 'metrics', port, variable: 'METRICS_PORT' });
  // No `code` on the new error: a caller describing its own port must not claim this one.
  return described
    ? new ListenError(described.replace(/\.$/, ' (0 picks a free one).'), { cause: error })
    : error;
}
