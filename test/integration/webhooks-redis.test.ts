import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import { storeKey } from '../../src/redis/redis-keys.js';
import {
  type RedisServer,
  sharedRedisAvailable,
  sharedRedisUrl,
  startRedisServer,
  waitFor,
} from '../helpers/redis-server.js';
import { type Stack, startStack } from '../helpers/stack.js';
import { sendWebhook, webhookCounts, webhookUrl } from './webhooks-support.js';

// Until the app lets tests pass the receiver's tuning (AppDeps), every gateway of this file gets
// a short claim timeout through the receiver module itself.

/** A short claim timeout: an event a stopped replica held is claimed within the test. */
const SHORT_TIMINGS = { webhooks: { claimAfterMs: 300, retryDelaysMs: [20] } };

const redisUp = await sharedRedisAvailable();
const productUpdated = (id: number) => ({
  scope: 'store/product/updated',
  data: { type: 'product', id },
});
const nameOf = async (stack: Stack, id: number) =>
  (await stack.query<{ product: { name: string } }>(`{ product(entityId: ${id}) { name } }`)).body
    .data?.product.name;
const total = async (stacks: Stack[], field: keyof Awaited<ReturnType<typeof webhookCounts>>) => {
  let sum = 0;
  for (const stack of stacks) sum += (await webhookCounts(stack.metrics))[field];
  return sum;
};

describe.skipIf(!redisUp)('webhooks over two gateways sharing Redis', () => {
  let sandbox: Sandbox;
  let a: Stack;
  let b: Stack;
  const send = (stack: Stack, callback: ReturnType<typeof productUpdated>, id?: string) =>
    sendWebhook(webhookUrl(stack.endpoint), sandbox.storeHash, callback, {
      secret: sandbox.clientSecret,
      id,
    });

  beforeAll(async () => {
    // A store hash of its own keeps this file's stream and marks apart on the shared Redis.
    sandbox = await createSandbox({
      products: 30,
      storeHash: `wh${randomBytes(6).toString('hex')}`,
    });
    const env = { REDIS_URL: sharedRedisUrl };
    a = await startStack({ sandboxInstance: sandbox, env, deps: SHORT_TIMINGS });
    b = await startStack({ sandboxInstance: sandbox, env, deps: SHORT_TIMINGS });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await sandbox?.close();
  });
  beforeEach(() => sandbox.faults.clear());

  it('processes each event once, whichever gateway received it, duplicates included', async () => {
    const stacks = [a, b];
    const before = { published: await total(stacks, 'published') };
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const first = await send(stacks[i % 2] as Stack, productUpdated(10 + i));
      expect(first.status).toBe(200);
      ids.push(first.id);
    }
    // Every event redelivered, to the other gateway: the id is known across replicas.
    for (const [i, id] of ids.entries()) {
      expect((await send(stacks[(i + 1) % 2] as Stack, productUpdated(10 + i), id)).status).toBe(
        200,
      );
    }
    await waitFor(async () => (await total(stacks, 'published')) >= before.published + 6);
    expect(await total(stacks, 'duplicate')).toBeGreaterThanOrEqual(6);
    // Nothing more arrives: both queues are drained (the lag shows 0) and the count stays at 6.
    await waitFor(async () => (await lagOf(a)) === 0 && (await lagOf(b)) === 0);
    expect((await total(stacks, 'published')) - before.published).toBe(6);
  });

  it('evicts on every gateway: the other one sees fresh data too', async () => {
    const before = await nameOf(b, 8);
    expect(await nameOf(a, 8)).toBe(before);
    sandbox.store.updateProduct(8, { name: 'Renamed across replicas' });
    const published = await total([a, b], 'published');
    expect((await send(a, productUpdated(8))).status).toBe(200);
    await waitFor(async () => (await total([a, b], 'published')) > published);
    await waitFor(async () => (await nameOf(b, 8)) === 'Renamed across replicas');
    expect(await nameOf(a, 8)).toBe('Renamed across replicas');
  });

  it('shows the stream lag in /metrics', async () => {
    const text = await (await fetch(`${a.app.metricsUrl}/metrics`)).text();
    expect(text).toMatch(/^bcgw_webhook_lag \d+$/m);
  });
});

describe.skipIf(!redisUp)('a gateway killed after acknowledging', () => {
  let sandbox: Sandbox;
  let survivor: Stack | undefined;
  let child: ChildProcess | undefined;
  let keysDir: string;

  beforeAll(async () => {
    sandbox = await createSandbox({
      products: 20,
      storeHash: `wk${randomBytes(6).toString('hex')}`,
    });
    keysDir = mkdtempSync(join(tmpdir(), 'bcgw-webhooks-'));
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await survivor?.close();
    await sandbox?.close();
    rmSync(keysDir, { recursive: true, force: true });
  });

  it('loses nothing: another gateway claims the event and processes it', async () => {
    // The first gateway, a process of its own, takes the event and hangs fetching the product.
    sandbox.faults.inject({ kind: 'hang', route: 'GET /v3/catalog/products' });
    const gateway = await startGatewayProcess(sandbox, keysDir);
    child = gateway.child;
    sandbox.store.updateProduct(7, { name: 'Renamed before the crash' });
    const sent = await sendWebhook(
      `${gateway.url}/webhooks/bigcommerce`,
      sandbox.storeHash,
      productUpdated(7),
      {
        secret: sandbox.clientSecret,
      },
    );
    expect(sent.status).toBe(200);
    await waitFor(() => sandbox.faults.pending() === 0, { timeoutMs: 10_000 });
    const killed = once(gateway.child, 'exit');
    gateway.child.kill('SIGKILL');
    await killed;
    child = undefined;

    // Taken by the dead consumer, not acknowledged.
    const redis = new Redis(sharedRedisUrl);
    try {
      const key = storeKey(sandbox.storeHash, 'webhooks');
      const [pending] = (await redis.xpending(key, 'workers')) as [number];
      expect(pending).toBe(1);

      survivor = await startStack({
        sandboxInstance: sandbox,
        env: { REDIS_URL: sharedRedisUrl },
        deps: SHORT_TIMINGS,
      });
      await waitFor(async () => (await webhookCounts(survivor!.metrics)).published === 1, {
        timeoutMs: 10_000,
      });
      expect(await nameOf(survivor, 7)).toBe('Renamed before the crash');
      expect(((await redis.xpending(key, 'workers')) as [number])[0]).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});

describe('a gateway whose Redis goes away', () => {
  let server: RedisServer;
  let stack: Stack;

  beforeAll(async () => {
    server = await startRedisServer();
    stack = await startStack({
      sandbox: { products: 20 },
      env: { REDIS_URL: server.url },
      deps: SHORT_TIMINGS,
    });
  });
  afterAll(async () => {
    await stack?.close();
    await server?.stop();
  });

  it('still acknowledges, dedupes and processes in memory', async () => {
    const before = await nameOf(stack, 5);
    await server.stop();
    stack.sandbox.store.updateProduct(5, { name: `${before} (during the outage)` });
    const url = webhookUrl(stack.endpoint);
    const options = { secret: stack.sandbox.clientSecret };
    const first = await sendWebhook(url, stack.sandbox.storeHash, productUpdated(5), options);
    const again = await sendWebhook(url, stack.sandbox.storeHash, productUpdated(5), {
      ...options,
      id: first.id,
    });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(first.ms).toBeLessThan(100);
    await waitFor(async () => (await webhookCounts(stack.metrics)).published === 1);
    expect(await nameOf(stack, 5)).toBe(`${before} (during the outage)`);
    expect((await webhookCounts(stack.metrics)).duplicate).toBe(1);
  });
});

async function lagOf(stack: Stack): Promise<number> {
  const text = await (await fetch(`${stack.app.metricsUrl}/metrics`)).text();
  return Number(/^bcgw_webhook_lag (\d+)$/m.exec(text)?.[1] ?? Number.NaN);
}

/** `src/server.ts` in a child process (so it can be killed), wired to the sandbox and Redis. */
async function startGatewayProcess(sandbox: Sandbox, keysDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      REDIS_URL: sharedRedisUrl,
      API_KEYS_FILE: join(keysDir, 'api-keys.json'),
      BIGCOMMERCE_STORE_HASH: sandbox.storeHash,
      BIGCOMMERCE_ACCESS_TOKEN: sandbox.accessToken,
      BIGCOMMERCE_API_URL: sandbox.url,
      BIGCOMMERCE_CLIENT_ID: sandbox.clientId,
      BIGCOMMERCE_CLIENT_SECRET: sandbox.clientSecret,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code}`)));
    lines.on('line', (line) => {
      const match = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(line);
      if (match) resolve(match[1] as string);
    });
  });
  return { child, url };
}
