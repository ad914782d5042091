import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpClient } from '../../../src/datasources/http-client.js';

// MockAgent cannot drop a connection after the request was sent or hold back headers,
// so these run against a real socket.
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const item = z.looseObject({ id: z.number() });
let server: Server | undefined;
let client: HttpClient | undefined;

async function start(handler: Handler, headersTimeoutMs = 5_000) {
  const hits: string[] = [];
  server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    // Read the whole request first, so a drop happens after the body reached us.
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new HttpClient({
    baseUrl: `http://127.0.0.1:${port}`,
    storeHash: 'abc123',
    accessToken: 'token',
    connectTimeoutMs: 1_000,
    headersTimeoutMs,
    bodyTimeoutMs: 1_000,
    connections: 2,
    maxRetries: 2,
    maxRateLimitWaitMs: 100,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 5,
  });
  return { hits, client };
}

const dropConnection: Handler = (req) => req.socket.destroy();

afterEach(async () => {
  await client?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
  client = undefined;
});

describe('HttpClient over a real socket', () => {
  it('does not re-send a POST whose connection dropped after sending', async () => {
    const { hits, client } = await start(dropConnection);
    await expect(
      client.sendV3({ path: '/v3/carts', body: { line_items: [] } }, item),
    ).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(hits).toEqual(['POST /stores/abc123/v3/carts']);
  });

  it('retries a GET whose connection dropped, up to maxRetries', async () => {
    const { hits, client } = await start(dropConnection);
    await expect(client.getV3({ path: '/v3/catalog/products/1' }, item)).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
    expect(hits).toHaveLength(3);
  });

  it('re-sends a POST marked idempotent', async () => {
    let calls = 0;
    const { hits, client } = await start((req, res) => {
      if (++calls === 1) return dropConnection(req, res);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { id: 3 } }));
    });
    const body = { email: 'a@b.c', password: 'x' };
    await expect(
      client.sendV3({ path: '/v3/customers/validate-credentials', body, idempotent: true }, item),
    ).resolves.toEqual({ id: 3 });
    expect(hits).toHaveLength(2);
  });

  it('surfaces a headers timeout as UPSTREAM_UNAVAILABLE instead of hanging', async () => {
    const { hits, client } = await start(() => {}, 100);
    const started = Date.now();
    await expect(client.getV3({ path: '/v3/catalog/products/1' }, item)).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
    // Three attempts of 100 ms each; the bound only catches a hang.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(hits).toHaveLength(3);
  });
});
