import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Invalidator } from '../../src/cache/invalidator.js';
import { loadConfig } from '../../src/config.js';
import { HttpClient } from '../../src/datasources/http-client.js';
import { createMetrics } from '../../src/metrics.js';
import type { EventBus } from '../../src/pubsub/event-bus.js';
import { createWebhookReceiver } from '../../src/webhooks/receiver.js';
import { captureLogger, LEVEL } from '../helpers/log-capture.js';

const BASE_ENV = {
  BIGCOMMERCE_STORE_HASH: 'abc123',
  BIGCOMMERCE_ACCESS_TOKEN: 'token',
  BIGCOMMERCE_API_URL: 'http://127.0.0.1:9',
  LOG_LEVEL: 'silent',
};
const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not expected')) });

let server: Server | undefined;
afterEach(
  () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
);

async function serve(env: Record<string, string>) {
  const { logger, lines } = captureLogger();
  const config = loadConfig({ ...BASE_ENV, ...env });
  const receiver = createWebhookReceiver({
    config,
    redis: undefined,
    logger,
    metrics: createMetrics(),
    http: new HttpClient({
      ...config.upstream,
      baseUrl: config.apiUrl,
      storeHash: 'abc123',
      accessToken: 't',
    }),
    invalidator: unused as Invalidator,
    events: unused as EventBus,
    tuning: { workers: false },
  });
  server = createServer((req, res) => void receiver.handle(req, res));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/webhooks/bigcommerce`;
  return { url, lines, receiver };
}

describe('webhook receiver at the door', () => {
  it('answers 503 without a client secret, and says so in the log once', async () => {
    const { url, lines } = await serve({});
    const statuses = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push((await fetch(url, { method: 'POST', body: '{}' })).status);
    expect(statuses).toEqual([503, 503, 503]);
    expect(lines.filter((l) => l.level === LEVEL.warn && /CLIENT_SECRET/.test(l.msg))).toHaveLength(
      1,
    );
  });

  it('answers 405 to other methods and 413 to bodies no callback has', async () => {
    const { url, receiver } = await serve({ BIGCOMMERCE_CLIENT_SECRET: 'secret' });
    const get = await fetch(url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await fetch(url, { method: 'POST', body: 'x'.repeat(70_000) })).status).toBe(413);
    expect(await receiver.lag()).toBe(0);
  });

  it('logs one warn line with the reason for a refusal, never the body', async () => {
    const { url, lines } = await serve({ BIGCOMMERCE_CLIENT_SECRET: 'secret' });
    const body = JSON.stringify({
      scope: 'store/product/updated',
      data: { id: 1 },
      secret: 'hunter2',
    });
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'webhook-id': 'msg_x',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,AAAA',
      },
      body,
    });
    expect(response.status).toBe(401);
    const warns = lines.filter((l) => l.level === LEVEL.warn);
    expect(warns).toHaveLength(1);
    expect(warns[0]).toMatchObject({ reason: 'bad signature', webhookId: 'msg_x' });
    expect(JSON.stringify(lines)).not.toContain('hunter2');
  });
});
