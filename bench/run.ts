import '../src/process/production-by-default.js';
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { request } from 'undici';
import { isRedisUp } from '../test/helpers/redis-server.js';
import { createClientAgent } from './gateway.js';
import { type BenchResults, printReport } from './print.js';
import { PAGE_SIZE } from './queries.js';
import { startRemoteSandbox } from './sandbox-client.js';
import { measureAuthCost } from './scenarios/auth-cost.js';
import { measureCacheOff } from './scenarios/cache-off.js';
import { measureCommerceRequests } from './scenarios/commerce-requests.js';
import { measureDirect } from './scenarios/direct.js';
import { coldEvictionTags, measureGatewayCache, type RunShape } from './scenarios/gateway-cache.js';
import { measureListingCost } from './scenarios/listing-cost.js';
import { measureMemoryCache } from './scenarios/memory.js';
import { measureRealtime } from './scenarios/realtime.js';
import { measureSharedQuota } from './scenarios/shared-quota.js';
import { measureWire, type WireShape } from './scenarios/wire.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PRODUCTS = 20_000;
// Unique per run so Redis (shared with other users of this machine) starts cold for each scenario.
const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
const UNLIMITED = { requests: 100_000_000, windowMs: 1_000 };
const SHAPE: RunShape = { concurrency: 8, durationMs: 6_000, maxRequests: 50_000 };
const NAIVE_SHAPE: RunShape = { concurrency: 8, durationMs: 6_000, maxRequests: 2_000 };
// One worker: each cold query's eviction is exact (no concurrent query refills the cache).
const SERIAL: RunShape = { concurrency: 1, durationMs: 3_000, maxRequests: 2_000 };
// Warm answers vs the floor: 20 connections, then one minute of the listing for the RSS line.
const WIRE: WireShape = { concurrency: 20, durationMs: 2_000, warmupMs: 300, memoryMs: 60_000 };

const startedAt = Date.now();
const agent = createClientAgent();
const sandbox = await startRemoteSandbox({
  products: PRODUCTS,
  storeHash: `benchmain${runId}`,
  quota: UNLIMITED,
});

try {
  const base = `${sandbox.url}/stores/${sandbox.storeHash}/v3/catalog`;
  const getData = async <T>(path: string) => {
    const response = await request(`${base}${path}`, {
      dispatcher: agent,
      headers: { 'x-auth-token': sandbox.accessToken, accept: 'application/json' },
    });
    return (await response.body.json()) as { data: T; meta: { pagination: { total: number } } };
  };
  const brands = await getData<{ id: number }[]>('/brands?limit=250');
  const categories = await getData<{ id: number }[]>('/categories?limit=250');
  const visible = await getData<unknown[]>('/products?is_visible=true&limit=1');
  const pages = Math.floor(visible.meta.pagination.total / PAGE_SIZE);
  const evictTags = coldEvictionTags(
    sandbox.storeHash,
    brands.data.map((b) => b.id),
    categories.data.map((c) => c.id),
  );

  console.error('1/8 listing cost');
  const listing = await measureListingCost(sandbox, agent);
  const gatewayRun = (env: Record<string, string>, shape = SHAPE) =>
    measureGatewayCache({
      sandbox,
      agent,
      env,
      shape,
      pages,
      evictTags,
      coldCallsPerQuery: listing.gatewayCold,
    });
  console.error('2/8 gateway (memory cache) and direct REST');
  const serialGateway = await gatewayRun({}, SERIAL);
  const serialDirect = await measureDirect({
    sandbox,
    agent,
    efficientShape: SERIAL,
    naiveShape: SERIAL,
    pages,
  });
  const memoryGateway = await gatewayRun({});
  // The same gateway without the whole-response cache: what re-executing a warm query costs.
  const entityCacheOnly = await gatewayRun({ RESPONSE_CACHE_TTL_S: '0' });
  const direct = await measureDirect({
    sandbox,
    agent,
    efficientShape: SHAPE,
    naiveShape: NAIVE_SHAPE,
    pages,
  });
  // The cold: every cache off, each query its 3 upstream calls.
  const cacheOff = await measureCacheOff({
    sandbox,
    agent,
    pages,
    serial: SERIAL,
    concurrent: SHAPE,
  });

  console.error('2b/8 cost of authentication on the warm path (3 rounds)');
  const auth = await measureAuthCost({ sandbox, agent, shape: { ...SHAPE, durationMs: 3_000 } });

  console.error('3/8 gateway (memory + Redis)');
  const redisUp = await isRedisUp(REDIS_URL);
  const redisGateway = redisUp ? await gatewayRun({ REDIS_URL }) : undefined;

  console.error('4/8 memory cache at its bound');
  const samples = await getData<Record<string, unknown>[]>(
    '/products?include=variants,images&limit=250',
  );
  const memory = measureMemoryCache({
    samples: samples.data,
    maxEntries: 50_000,
    maxBytes: 16 * 1024 * 1024,
    inserts: 40_000,
  });

  console.error('5/8 two replicas sharing a quota');
  const quotaSandbox = redisUp
    ? await startRemoteSandbox({ products: PRODUCTS, storeHash: `benchquota${runId}` })
    : undefined;
  const sharedQuota = quotaSandbox
    ? await measureSharedQuota({
        sandbox: quotaSandbox,
        agent,
        redisUrl: REDIS_URL,
        quota: { requests: 50, windowMs: 10_000 },
        concurrency: 8,
        durationMs: 15_000,
        maxRequests: 800,
        // ~8 workers x (1 / 200 ms): about 40 queries/s offered, so the burst lasts its 15 s.
        thinkMs: 200,
        pages,
        env: { UPSTREAM_MAX_RATE_LIMIT_WAIT_MS: '5000' },
      }).finally(() => quotaSandbox.close())
    : undefined;

  console.error('6/8 upstream requests per cart and order page');
  const commercePages = await measureCommerceRequests();

  console.error('7/8 webhooks to subscribers (latency, memory, duplicates under a restart)');
  const realtime = redisUp
    ? await measureRealtime({ redisUrl: REDIS_URL, runId, subscribers: 1_000, events: 20 })
    : undefined;

  console.error('8/8 warm answers against a floor, and gateway RSS (child processes)');
  const wire = await measureWire({ sandbox, shape: WIRE });

  const results: BenchResults & { runId: string } = {
    runId,
    machine: { cpus: cpus().length, node: process.version },
    store: { products: PRODUCTS, visiblePages: pages, brands: brands.data.length },
    listing,
    serialGateway,
    serialDirect,
    memoryGateway,
    entityCacheOnly,
    cacheOff,
    auth,
    direct,
    redisGateway: redisGateway ?? 'skipped',
    memory,
    sharedQuota: sharedQuota ?? 'skipped',
    commercePages,
    realtime: realtime ?? 'skipped',
    wire,
    elapsedMs: Date.now() - startedAt,
  };
  await writeFile(
    new URL('./results.json', import.meta.url),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  printReport(results);
  console.log('\nwritten: bench/results.json');
  if (wire.violations.length > 0) {
    // The figures above are not to be trusted: say so where it cannot be missed, and exit 1.
    console.error(`\nBENCH FAILED: the gateway's answers were not what was measured:`);
    for (const violation of wire.violations) console.error(`  - ${violation}`);
    process.exitCode = 1;
  }
} finally {
  await sandbox.close();
  await agent.close();
}
