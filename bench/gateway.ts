import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { type App, buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import type { RemoteSandbox } from './sandbox-client.js';

/** One gateway replica on loopback, with a client pool of its own. */
export interface BenchGateway {
  app: App;
  endpoint: string;
  /** POSTs an operation; resolves 'ok', or the first error's code (or 'http-<status>'). */
  query(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<string>;
  close(): Promise<void>;
}

/** Client side of the load: enough sockets for every worker, so none waits for a connection. */
export function createClientAgent(): Agent {
  return new Agent({ connections: 64, pipelining: 1 });
}

interface GraphQLReply {
  data?: unknown;
  errors?: { extensions?: { code?: string } }[];
}

/** Starts a gateway on 127.0.0.1:0 against `sandbox`; `env` overrides (REDIS_URL, TTLs, ...). */
export async function startGateway(
  sandbox: RemoteSandbox,
  agent: Agent,
  env: Record<string, string> = {},
): Promise<BenchGateway> {
  const config = loadConfig({
    BIGCOMMERCE_STORE_HASH: sandbox.storeHash,
    BIGCOMMERCE_ACCESS_TOKEN: sandbox.accessToken,
    BIGCOMMERCE_API_URL: sandbox.url,
    LOG_LEVEL: 'silent',
    // Replicas side by side need a free metrics port each; the load comes from one address, so
    // the anonymous budget is lifted (the limiter still runs, its cost included).
    METRICS_PORT: '0',
    RATE_LIMIT_ANONYMOUS: '1000000000/60s',
    RATE_LIMIT_CUSTOMER: '1000000000/60s',
    RATE_LIMIT_PARTNER_DEFAULT: '1000000000/60s',
    API_KEYS_FILE: join(mkdtempSync(join(tmpdir(), 'bcgw-bench-')), 'api-keys.json'),
    SESSION_SIGNING_SECRET: 'bench-session-signing-secret-of-32-characters',
    ...env,
  });
  const app = buildApp(config, { logger: createLogger('silent') });
  const endpoint = `${await app.start(0, '127.0.0.1')}/graphql`;
  return {
    app,
    endpoint,
    async query(query, variables, headers) {
      const response = await request(endpoint, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.body.json()) as GraphQLReply;
      if (body.errors?.length) return body.errors[0]?.extensions?.code ?? 'graphql-error';
      return response.statusCode === 200 && body.data ? 'ok' : `http-${response.statusCode}`;
    },
    close: () => app.stop(),
  };
}
