import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server.js';
import { type App, type AppDeps, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';

export interface Stack {
  sandbox: Sandbox;
  app: App;
  /** The gateway's metrics, to tell which cache answered (`helpers/metrics.ts`). */
  metrics: Metrics;
  /** The gateway's GraphQL endpoint. */
  endpoint: string;
  /** POSTs an operation the way a client would, and returns the parsed body and response. */
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ body: GraphQLBody<T>; response: Response }>;
  close(): Promise<void>;
}

export interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/** Starts a sandbox store and a gateway wired to it, both on ephemeral loopback ports. */
export async function startStack(
  options: {
    sandbox?: SandboxOptions;
    env?: Record<string, string>;
    sandboxInstance?: Sandbox;
    logger?: Logger;
    /** Extra dependencies for `buildApp` (a Redis owner, a clock). */
    deps?: AppDeps;
  } = {},
): Promise<Stack> {
  const sandbox =
    options.sandboxInstance ?? (await createSandbox({ products: 120, ...options.sandbox }));
  // Keys made by a test live in a folder of its own, never in the working tree.
  const keysDir = mkdtempSync(join(tmpdir(), 'bcgw-stack-'));
  const config = loadConfig({
    API_KEYS_FILE: join(keysDir, 'api-keys.json'),
    BIGCOMMERCE_STORE_HASH: sandbox.storeHash,
    BIGCOMMERCE_ACCESS_TOKEN: sandbox.accessToken,
    BIGCOMMERCE_API_URL: sandbox.url,
    // The sandbox also plays the payments origin and the storefront (Customer Login API).
    BIGCOMMERCE_PAYMENTS_URL: sandbox.url,
    STOREFRONT_URL: sandbox.url,
    BIGCOMMERCE_CLIENT_ID: sandbox.clientId,
    BIGCOMMERCE_CLIENT_SECRET: sandbox.clientSecret,
    LOG_LEVEL: 'silent',
    UPSTREAM_MAX_RATE_LIMIT_WAIT_MS: '2000',
    // Every gateway of a test run gets a free metrics port (`app.metricsUrl`).
    METRICS_PORT: '0',
    ...options.env,
  });
  const metrics = options.deps?.metrics ?? createMetrics();
  const app = buildApp(config, {
    logger: options.logger ?? createLogger('silent'),
    ...options.deps,
    metrics,
  });
  const base = await app.start(0, '127.0.0.1');
  const endpoint = `${base}/graphql`;
  return {
    sandbox,
    app,
    metrics,
    endpoint,
    async query(query, variables, headers) {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { body: (await response.json()) as GraphQLBody<never>, response };
    },
    async close() {
      await app.stop();
      if (!options.sandboxInstance) await sandbox.close();
      rmSync(keysDir, { recursive: true, force: true });
    },
  };
}
