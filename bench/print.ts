import { targetLines } from './print-targets.js';
import { heading, LOAD_HEADER, loadRow, mib, ms, pct, ratio, table } from './report.js';
import type { AuthCostResult } from './scenarios/auth-cost.js';
import type { CacheOffResult } from './scenarios/cache-off.js';
import type { PageCost } from './scenarios/commerce-requests.js';
import type { DirectResult } from './scenarios/direct.js';
import type { GatewayCacheResult } from './scenarios/gateway-cache.js';
import type { ListingCost } from './scenarios/listing-cost.js';
import type { MemoryResult } from './scenarios/memory.js';
import type { RealtimeResult } from './scenarios/realtime.js';
import type { SharedQuotaResult } from './scenarios/shared-quota.js';
import type { WireResult } from './scenarios/wire.js';

export interface BenchResults {
  machine: { cpus: number; node: string };
  store: { products: number; visiblePages: number; brands: number };
  listing: ListingCost;
  serialGateway: GatewayCacheResult;
  serialDirect: DirectResult;
  memoryGateway: GatewayCacheResult;
  entityCacheOnly: GatewayCacheResult;
  cacheOff: CacheOffResult;
  auth: AuthCostResult;
  direct: DirectResult;
  redisGateway: GatewayCacheResult | 'skipped';
  memory: MemoryResult;
  sharedQuota: SharedQuotaResult | 'skipped';
  commercePages: PageCost[];
  realtime: RealtimeResult | 'skipped';
  wire: WireResult;
  elapsedMs: number;
}

const method = (
  products: number,
) => `Method: sandbox store (${products} products) in a forked child process; gateway(s) and the
load generator share this process. Closed loop: N workers, each one request in flight, for a fixed
time or request count. Latency is per query, client side (send to parsed body). Loopback, no added
upstream latency: absolute numbers are CPU-bound and the ratios show processing overhead only.
COLD: each query asks a page not asked before (after-cursor walk, so a cold run is at most one
pass over the store's pages) and, before it (outside its latency sample,
inside the throughput wall time), evicts the product listings and every brand and category entity
through app.invalidator, so each query goes upstream in full (the upstream calls/query column checks).
WARM: one priming query, then the page-1 query repeated. Direct REST clients run their calls in
sequence per query, as one client would.`;

function cacheRows(label: string, result: GatewayCacheResult): string[][] {
  return (['cold', 'warm'] as const).map((kind) =>
    loadRow(`${label} ${kind}`, result[kind], [
      result[kind].upstreamPerQuery.toFixed(2),
      pct(result[kind].hitRatio),
    ]),
  );
}

export function printReport(r: BenchResults): void {
  const out: string[] = [];
  const { listing, memoryGateway: mem } = r;
  out.push(`Gateway benchmark  (node ${r.machine.node}, ${r.machine.cpus} cpus)`);
  out.push(method(r.store.products));

  out.push(heading('1. Upstream requests per listing query (50 products, cold)'));
  out.push(
    table(
      ['client', 'upstream requests'],
      [
        ['gateway (cold cache)', String(listing.gatewayCold)],
        ['direct, efficient (products + brands id:in + categories id:in)', '3'],
        ['direct, naive', String(listing.naive)],
      ],
    ),
  );
  out.push(`gateway routes: ${JSON.stringify(listing.routes)}`);
  out.push(
    `naive = ${listing.naiveFormula}\n      = 1 + ${listing.brandedProducts} + ${listing.categoryPairs} = ${listing.naive} (page 1: ${listing.products} products)`,
  );

  out.push(heading('2a. Gateway vs direct REST, concurrency 1 (latency; cold is exactly cold)'));
  out.push(...comparison(r.serialGateway, r.serialDirect));
  out.push(heading('2b. Gateway vs direct REST, concurrency 8 (throughput)'));
  out.push(...comparison(mem, r.direct));
  out.push(
    'At concurrency 8 a cold query can find brands/categories that a concurrent query just\n' +
      'refilled after its own eviction: upstream/query shows how cold the cold run really was.',
  );

  out.push(heading('3. Warm vs cold, in-memory and memory+Redis cache (concurrency 8)'));
  const redisRows = r.redisGateway === 'skipped' ? [] : cacheRows('memory+redis', r.redisGateway);
  out.push(
    table(
      [...LOAD_HEADER, 'upstream/query', 'hit ratio'],
      [
        ...cacheRows('memory', mem),
        ...cacheRows('memory, no response cache', r.entityCacheOnly),
        ...redisRows,
      ],
    ),
  );
  out.push(
    `whole-response cache, warm: ${ratio(mem.warm.rps, r.entityCacheOnly.warm.rps)} the throughput of ` +
      're-executing the query over the entity cache (RESPONSE_CACHE_TTL_S=0)',
  );
  if (r.redisGateway === 'skipped') out.push('memory+redis: skipped (Redis did not answer)');
  out.push(
    `hit ratio = 1 - upstream calls / (queries x ${listing.gatewayCold} calls per cold query)`,
  );
  out.push(
    `warm/cold throughput, memory: ${ratio(mem.warm.rps, mem.cold.rps)}` +
      (r.redisGateway === 'skipped'
        ? ''
        : `; memory+redis: ${ratio(r.redisGateway.warm.rps, r.redisGateway.cold.rps)}`),
  );

  out.push(heading('3b. Cost of authentication, warm listing, entity cache only (concurrency 8)'));
  out.push(
    table(
      [...LOAD_HEADER, 'vs anonymous'],
      [
        loadRow('anonymous', r.auth.anonymous, ['1.00x']),
        loadRow('partner key', r.auth.partnerKey, [
          ratio(r.auth.partnerKey.rps, r.auth.anonymous.rps),
        ]),
        loadRow('customer token', r.auth.customer, [
          ratio(r.auth.customer.rps, r.auth.anonymous.rps),
        ]),
      ],
    ),
  );
  out.push(
    'Same gateway, RESPONSE_CACHE_TTL_S=0: a key or customer answer is never shared, so the\n' +
      'difference is authentication (key lookup + hash, or JWT + session read) and its own rate limit.\n' +
      `Anonymous with the whole-response cache (section 3): ${ratio(mem.warm.rps, r.auth.partnerKey.rps)} the partner key's throughput.`,
  );

  const m = r.memory;
  out.push(heading('4. In-memory cache at its bound'));
  out.push(
    [
      `createMemoryCache({ maxEntries: ${m.maxEntries}, maxBytes: ${mib(m.maxBytes)} })`,
      `inserted ${m.inserted} product entries, ${mib(m.insertedBytes)} in all (~${m.sampleValueBytes} B each, include=variants,images)`,
      `stats(): entries ${m.stats.entries}, bytes ${m.stats.bytes} (${mib(m.stats.bytes)}; bound held: ${m.stats.bytes <= m.maxBytes})`,
      `heapUsed delta with the full cache held: ${mib(m.heapUsedDeltaBytes)} (${ratio(m.heapUsedDeltaBytes, m.stats.bytes)} of counted bytes)`,
      `gc forced before each reading: ${m.gcForced ? 'yes (v8 --expose-gc set at run time; no npm script change)' : 'no: heap figures include garbage'}`,
    ].join('\n'),
  );

  out.push(heading('5. Two replicas sharing Redis, sandbox quota 50 requests / 10 s'));
  if (r.sharedQuota === 'skipped') out.push('skipped (Redis did not answer)');
  else out.push(...quotaLines(r.sharedQuota));
  out.push(heading('6. Upstream requests per commerce page, by item count (every cache off)'));
  out.push(
    table(
      ['items', 'cart page', 'order page'],
      r.commercePages.map((page) => [
        String(page.items),
        String(page.cartPage),
        String(page.orderPage),
      ]),
    ),
  );
  out.push(
    'cart page: cart, line items, their products (name, image, brand) and variants; order page: order, items, their products, addresses, shipments. Constant in the item count: products are batched into id:in calls.',
  );
  out.push(heading('7. Webhooks to subscribers'));
  if (r.realtime === 'skipped') out.push('skipped (Redis did not answer)');
  else out.push(...realtimeLines(r.realtime));
  out.push(...targetLines(r));
  out.push(`\ntotal bench time: ${(r.elapsedMs / 1000).toFixed(1)} s`);
  console.log(out.join('\n'));
}

function comparison(gateway: GatewayCacheResult, direct: DirectResult): string[] {
  const extra = (perQuery: number) => [perQuery.toFixed(2), ''];
  const base = direct.efficient;
  return [
    table(
      [...LOAD_HEADER, 'upstream/query', 'hit ratio'],
      [
        ...cacheRows('gateway', gateway),
        loadRow('direct efficient', direct.efficient, extra(direct.efficient.upstreamPerQuery)),
        loadRow('direct naive', direct.naive, extra(direct.naive.upstreamPerQuery)),
      ],
    ),
    table(
      ['ratio vs direct efficient', 'p50', 'p99', 'req/s'],
      [
        ['gateway cold', ...ratios(gateway.cold, base)],
        ['gateway warm', ...ratios(gateway.warm, base)],
        ['direct naive', ...ratios(direct.naive, base)],
      ],
    ),
  ];
}

function ratios(a: { latency: { p50: number; p99: number }; rps: number }, b: typeof a): string[] {
  return [
    ratio(a.latency.p50, b.latency.p50),
    ratio(a.latency.p99, b.latency.p99),
    ratio(a.rps, b.rps),
  ];
}

function quotaLines(q: SharedQuotaResult): string[] {
  const ok = q.load.latencyByOutcome.ok;
  const limited = q.load.latencyByOutcome.UPSTREAM_RATE_LIMITED;
  const other = q.load.requests - q.okQueries - q.rateLimitedQueries;
  return [
    `burst: ${q.load.requests} distinct uncached listing queries (page x sort order), 8 workers (200 ms pause after each) alternating replicas, ${(q.load.elapsedMs / 1000).toFixed(1)} s`,
    `sandbox upstream requests: ${q.upstreamTotal}; answered 429: ${q.upstream429}${q.upstream429 === 0 ? ' (ok)' : ' (EXPECTED 0)'}`,
    `accepted per sandbox quota window: [${q.perFixedWindow.join(', ')}] (quota ${q.quota.requests}); max in any sliding ${q.quota.windowMs / 1000} s: ${q.maxPerSlidingWindow}`,
    `queries OK: ${q.okQueries}; failed UPSTREAM_RATE_LIMITED: ${q.rateLimitedQueries}; other failures: ${other} ${other > 0 ? JSON.stringify(q.load.outcomes) : ''}`.trimEnd(),
    `latency OK: p50 ${ms(ok?.p50 ?? Number.NaN)}, p99 ${ms(ok?.p99 ?? Number.NaN)}; rate-limited: p50 ${ms(limited?.p50 ?? Number.NaN)}, p99 ${ms(limited?.p99 ?? Number.NaN)}`,
  ];
}

function realtimeLines(r: RealtimeResult): string[] {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  return [
    table(
      ['measure', 'value', 'goal'],
      [
        [
          `webhook → subscriber latency, ${r.latency.subscribers} WebSocket subscribers on 2 replicas, ${r.latency.events} events (${r.latency.samples} receipts)`,
          `p50 ${ms(r.latency.p50)}, p99 ${ms(r.latency.p99)}`,
          'p99 <= 50 ms',
        ],
        [
          `RSS per idle subscriber (${r.memory.subscribers} connections, one subscription each, gateway alone in its process)`,
          `${kib(r.memory.perSubscriber)} (RSS ${mib(r.memory.rssBefore)} → ${mib(r.memory.rssAfter)})`,
          '<= 35 KB',
        ],
        [
          `${r.deliveries.distinct} events + ${r.deliveries.duplicates} duplicate deliveries, one replica replaced midway`,
          `${r.deliveries.received} received (${r.deliveries.distinctReceived} distinct)`,
          `exactly ${r.deliveries.distinct}`,
        ],
      ],
    ),
    'Latency: from POSTing a signed store/product/updated to one replica (alternating) to its arrival at each subscriber, including verification, the Redis Stream, a worker fetching the fresh product upstream, the event history and cross-replica pub/sub.',
  ];
}
