import type { Sandbox } from '../../sandbox/server.js';
import { HttpClient, type HttpClientOptions } from '../../src/datasources/http-client.js';

/** An HttpClient aimed at a sandbox store, with short timeouts fit for tests; `overrides` win. */
export function sandboxHttpClient(
  sandbox: Pick<Sandbox, 'url' | 'storeHash' | 'accessToken'>,
  overrides: Partial<HttpClientOptions> = {},
): HttpClient {
  return new HttpClient({
    baseUrl: sandbox.url,
    storeHash: sandbox.storeHash,
    accessToken: sandbox.accessToken,
    connectTimeoutMs: 2_000,
    headersTimeoutMs: 5_000,
    bodyTimeoutMs: 5_000,
    connections: 4,
    maxRetries: 0,
    maxRateLimitWaitMs: 1_000,
    ...overrides,
  });
}
