import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** What an upstream attempt reports: the endpoint template (no ids, no query) and how it ended. */
export interface UpstreamCallEvent {
  endpoint: string;
  status: number | 'network-error';
  ms: number;
}

export type CacheOutcome = 'fresh' | 'stale' | 'miss';

/**
 * `hit`: answered from recorded bytes; `not_modified`: a 304 for its ETag; `miss`: handled but not
 * warm, so the full pipeline answered; `bypass`: not a request the fast path answers.
 */
export type FastPathOutcome = 'hit' | 'not_modified' | 'miss' | 'bypass';

/**
 * The gateway's Prometheus metrics, in a registry of its own (one per app, so several apps in one
 * process, as in tests, never collide). Labels are bounded: endpoint templates, resources, statuses.
 */
export interface Metrics {
  readonly registry: Registry;
  upstreamCall(event: UpstreamCallEvent): void;
  cacheLookup(resource: string, outcome: CacheOutcome): void;
  responseCache(outcome: 'hit' | 'miss'): void;
  /** How the fast path (`src/fast-path`) dealt with a GraphQL request. */
  fastPath(outcome: FastPathOutcome): void;
  httpRequest(method: string, status: number, seconds: number): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'bcgw_' });
  const upstreamCalls = new Counter({
    name: 'bcgw_upstream_requests_total',
    help: 'Requests sent to BigCommerce, by endpoint template and status.',
    labelNames: ['endpoint', 'status'],
    registers: [registry],
  });
  const upstreamSeconds = new Histogram({
    name: 'bcgw_upstream_request_duration_seconds',
    help: 'Time to a BigCommerce answer, by endpoint template.',
    labelNames: ['endpoint'],
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const cacheLookups = new Counter({
    name: 'bcgw_cache_lookups_total',
    help: 'Entity cache lookups by resource and outcome (fresh, stale, miss).',
    labelNames: ['resource', 'outcome'],
    registers: [registry],
  });
  const responseCache = new Counter({
    name: 'bcgw_response_cache_lookups_total',
    help: 'Whole-response cache lookups of anonymous queries, by outcome (hit, miss).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const fastPath = new Counter({
    name: 'bcgw_response_fast_path_total',
    help: 'GraphQL requests by what the warm-answer fast path did (hit, not_modified, miss, bypass).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const httpSeconds = new Histogram({
    name: 'bcgw_http_request_duration_seconds',
    help: 'Time to answer a client request, by method and status.',
    labelNames: ['method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return {
    registry,
    upstreamCall: ({ endpoint, status, ms }) => {
      upstreamCalls.inc({ endpoint, status: String(status) });
      upstreamSeconds.observe({ endpoint }, ms / 1000);
    },
    cacheLookup: (resource, outcome) => cacheLookups.inc({ resource, outcome }),
    responseCache: (outcome) => responseCache.inc({ outcome }),
    fastPath: (outcome) => fastPath.inc({ outcome }),
    httpRequest: (method, status, seconds) =>
      httpSeconds.observe({ method, status: String(status) }, seconds),
  };
}
