import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { percentile } from '../stats.js';
import { deliver, signedCallback } from '../webhook-client.js';

/**
 * Webhooks in, subscriptions out: (1) latency from a signed `store/product/updated` POSTed to one
 * replica to its arrival at each of 1,000 WebSocket subscribers spread over two replicas sharing
 * Redis; (2) the RSS one idle subscriber costs a gateway process (gateway in a child process,
 * clients here); (3) 1,000 distinct events delivered with 10 % duplicates while one replica is
 * stopped and replaced midway: how many events subscribers receive (exactly 1,000 is right).
 */
export interface RealtimeResult {
  latency: { subscribers: number; events: number; samples: number; p50: number; p99: number };
  memory: { subscribers: number; rssBefore: number; rssAfter: number; perSubscriber: number };
  deliveries: { distinct: number; duplicates: number; received: number; distinctReceived: number };
}

/** The store's quota is not what these runs measure. */
const UNLIMITED = { requests: 100_000_000, windowMs: 1_000 };

const SUBSCRIPTION =
  'subscription($ids: [Int!]) { productUpdated(entityIds: $ids) { eventId product { entityId name } } }';

interface Replica {
  app: App;
  url: string;
  close(): Promise<void>;
}

async function startReplica(sandbox: Sandbox, env: Record<string, string>): Promise<Replica> {
  const dir = mkdtempSync(join(tmpdir(), 'bcgw-bench-rt-'));
  const app = buildApp(
    loadConfig({
      BIGCOMMERCE_STORE_HASH: sandbox.storeHash,
      BIGCOMMERCE_ACCESS_TOKEN: sandbox.accessToken,
      BIGCOMMERCE_API_URL: sandbox.url,
      BIGCOMMERCE_CLIENT_ID: sandbox.clientId,
      BIGCOMMERCE_CLIENT_SECRET: sandbox.clientSecret,
      API_KEYS_FILE: join(dir, 'keys.json'),
      METRICS_PORT: '0',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_ANONYMOUS: '1000000000/60s',
      SUBSCRIPTIONS_PER_KEY: '100000',
      ...env,
    }),
    { logger: createLogger('silent') },
  );
  const url = await app.start(0, '127.0.0.1');
  return {
    app,
    url,
    close: async () => {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `count` graphql-ws clients on `urls` in turn, each with one subscription; `onEvent` per event. */
function subscribers(
  urls: readonly string[],
  count: number,
  productIds: readonly number[],
  onEvent: (subscriber: number, event: { eventId: string; productId: number }) => void,
): Client[] {
  return Array.from({ length: count }, (_, i) => {
    const client = createClient({
      url: `${urls[i % urls.length]?.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
    });
    client.subscribe<{ productUpdated: { eventId: string; product: { entityId: number } | null } }>(
      { query: SUBSCRIPTION, variables: { ids: productIds.length > 0 ? productIds : null } },
      {
        next: ({ data }) => {
          const event = data?.productUpdated;
          if (event)
            onEvent(i, { eventId: event.eventId, productId: event.product?.entityId ?? 0 });
        },
        error: () => {},
        complete: () => {},
      },
    );
    return client;
  });
}

/** Sends one product update and resolves when `expected` receipts of it have arrived. */
function productWebhook(sandbox: Sandbox, productId: number, id?: string) {
  return signedCallback({
    clientSecret: sandbox.clientSecret,
    storeHash: sandbox.storeHash,
    scope: 'store/product/updated',
    data: { type: 'product', id: productId },
    id,
  });
}

const until = async (check: () => boolean, timeoutMs: number, what: string) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

export async function measureRealtime(options: {
  redisUrl: string;
  runId: string;
  subscribers: number;
  events: number;
}): Promise<RealtimeResult> {
  return {
    latency: await measureLatency(options),
    memory: await measureMemory(options.subscribers),
    deliveries: await measureDeliveries(options),
  };
}

async function measureLatency(options: {
  redisUrl: string;
  runId: string;
  subscribers: number;
  events: number;
}): Promise<RealtimeResult['latency']> {
  const sandbox = await createSandbox({
    products: 20,
    storeHash: `benchrt${options.runId}`,
    quota: UNLIMITED,
  });
  const env = { REDIS_URL: options.redisUrl };
  const replicas = [await startReplica(sandbox, env), await startReplica(sandbox, env)];
  const arrivals = new Map<string, number[]>();
  const clients = subscribers(
    replicas.map((r) => r.url),
    options.subscribers,
    [1],
    (_i, event) => {
      const list = arrivals.get(event.eventId) ?? [];
      list.push(performance.now());
      arrivals.set(event.eventId, list);
    },
  );
  const samples: number[] = [];
  try {
    const receipts = () => [...arrivals.values()].reduce((n, list) => n + list.length, 0);
    // Warm-up: every subscriber has subscribed once it has received an event.
    for (let round = 0; ; round++) {
      arrivals.clear();
      await deliver(`${replicas[0]?.url}/webhooks/bigcommerce`, productWebhook(sandbox, 1));
      await until(() => receipts() > 0, 10_000, 'the first event');
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (receipts() >= options.subscribers || round > 50) break;
    }
    for (let n = 0; n < options.events; n++) {
      arrivals.clear();
      const sentAt = performance.now();
      await deliver(`${replicas[n % 2]?.url}/webhooks/bigcommerce`, productWebhook(sandbox, 1));
      await until(() => receipts() >= options.subscribers, 10_000, `event ${n}`);
      for (const list of arrivals.values()) samples.push(...list.map((at) => at - sentAt));
    }
  } finally {
    await Promise.all(clients.map((client) => client.dispose()));
    for (const replica of replicas) await replica.close();
    await sandbox.close();
  }
  samples.sort((a, b) => a - b);
  return {
    subscribers: options.subscribers,
    events: options.events,
    samples: samples.length,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
  };
}

/** The gateway in a child process (its RSS alone), the subscribers here. */
async function measureMemory(count: number): Promise<RealtimeResult['memory']> {
  const sandbox = await createSandbox({ products: 5, quota: UNLIMITED });
  const child = fork(new URL('../realtime-gateway-child.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: {
      ...process.env,
      REDIS_URL: '',
      BIGCOMMERCE_STORE_HASH: sandbox.storeHash,
      BIGCOMMERCE_ACCESS_TOKEN: sandbox.accessToken,
      BIGCOMMERCE_API_URL: sandbox.url,
      BIGCOMMERCE_CLIENT_SECRET: sandbox.clientSecret,
      BIGCOMMERCE_CLIENT_ID: sandbox.clientId,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ask = async (message: string): Promise<{ url?: string; rss?: number }> => {
    const answer = once(child, 'message');
    child.send(message);
    const [reply] = await answer;
    return reply as { url?: string; rss?: number };
  };
  const { url = '' } = (await once(child, 'message'))[0] as { url?: string };
  const seen = new Set<number>();
  let clients: Client[] = [];
  try {
    const { rss: rssBefore = 0 } = await ask('rss');
    clients = subscribers([url], count, [1], (i) => seen.add(i));
    for (let round = 0; seen.size < count && round < 100; round++) {
      await deliver(`${url}/webhooks/bigcommerce`, productWebhook(sandbox, 1));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const { rss: rssAfter = 0 } = await ask('rss');
    return {
      subscribers: seen.size,
      rssBefore,
      rssAfter,
      perSubscriber: (rssAfter - rssBefore) / Math.max(seen.size, 1),
    };
  } finally {
    await Promise.all(clients.map((client) => client.dispose()));
    child.kill('SIGTERM');
    await once(child, 'exit');
    await sandbox.close();
  }
}

export async function measureDeliveries(options: {
  redisUrl: string;
  runId: string;
}): Promise<RealtimeResult['deliveries']> {
  const distinct = 1_000;
  const sandbox = await createSandbox({
    products: distinct,
    storeHash: `benchdd${options.runId}`,
    quota: UNLIMITED,
  });
  const env = { REDIS_URL: options.redisUrl };
  const replicas = [await startReplica(sandbox, env), await startReplica(sandbox, env)];
  // Counted on the event bus itself (not through a GraphQL subscriber, whose re-execution per
  // event is what the latency run measures): every event published on either replica.
  const received: string[] = [];
  const stop = new AbortController();
  const counting = (async () => {
    const stream = replicas[0]?.app.events.subscribe('productUpdated', { signal: stop.signal });
    for await (const event of stream ?? []) received.push(event.eventId);
  })().catch(() => {});
  let duplicates = 0;
  try {
    // Subscribed once a probe event arrives.
    await until(
      () => (replicas[0]?.app.events.subscriberCount('productUpdated') ?? 0) > 0,
      10_000,
      'the counter',
    );
    await deliver(`${replicas[0]?.url}/webhooks/bigcommerce`, productWebhook(sandbox, 1));
    await until(() => received.length > 0, 10_000, 'the probe event');
    received.length = 0;
    const sent: { id: string; productId: number }[] = [];
    for (let n = 0; n < distinct; n++) {
      if (n === distinct / 2) {
        // One replica goes away mid-run and a new one takes its place, as in a rolling restart.
        await replicas[1]?.close();
        replicas[1] = await startReplica(sandbox, env);
      }
      const productId = n + 1;
      const callback = productWebhook(sandbox, productId);
      sent.push({ id: callback.id, productId });
      const target = replicas[n % 2]?.url;
      // BigCommerce retries what is not acknowledged: so does this sender, on the other replica.
      if ((await deliver(`${target}/webhooks/bigcommerce`, callback)) !== 200) {
        await deliver(`${replicas[(n + 1) % 2]?.url}/webhooks/bigcommerce`, callback);
      }
      if (n % 10 === 9) {
        // A redelivery of an earlier event, same webhook-id, to the other replica.
        const again = sent[Math.floor((n * 7919) % sent.length)];
        if (again) {
          duplicates++;
          await deliver(
            `${replicas[(n + 1) % 2]?.url}/webhooks/bigcommerce`,
            productWebhook(sandbox, again.productId, again.id),
          );
        }
      }
    }
    // Everything acknowledged is processed; allow the workers to drain.
    const deadline = Date.now() + 60_000;
    while (received.length < distinct && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    stop.abort();
    await counting;
    for (const replica of replicas) await replica?.close();
    await sandbox.close();
  }
  return {
    distinct,
    duplicates,
    received: received.length,
    distinctReceived: new Set(received).size,
  };
}
