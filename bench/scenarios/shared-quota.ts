import type { Agent } from 'undici';
import { type BenchGateway, startGateway } from '../gateway.js';
import { type LoadResult, runLoad } from '../load.js';
import { distinctPage, SORTED_LISTING_QUERY } from '../queries.js';
import type { RemoteSandbox } from '../sandbox-client.js';
import { countPerFixedWindow, maxInSlidingWindow } from '../stats.js';

export interface SharedQuotaResult {
  quota: { requests: number; windowMs: number };
  load: LoadResult;
  upstreamTotal: number;
  upstream429: number;
  perFixedWindow: number[];
  maxPerSlidingWindow: number;
  okQueries: number;
  rateLimitedQueries: number;
}

/**
 * Two replicas sharing one Redis budget; workers alternate between them and every query asks a
 * page/order combination not asked before, so each one needs upstream.
 */
export async function measureSharedQuota(options: {
  sandbox: RemoteSandbox;
  agent: Agent;
  redisUrl: string;
  quota: { requests: number; windowMs: number };
  concurrency: number;
  durationMs: number;
  maxRequests: number;
  thinkMs: number;
  pages: number;
  env: Record<string, string>;
}): Promise<SharedQuotaResult> {
  const { sandbox, quota } = options;
  const env = { REDIS_URL: options.redisUrl, ...options.env };
  const replicas: BenchGateway[] = [];
  try {
    replicas.push(await startGateway(sandbox, options.agent, env));
    replicas.push(await startGateway(sandbox, options.agent, env));
    await sandbox.reset();
    const openedAt = await sandbox.setQuota(quota);
    const load = await runLoad({
      concurrency: options.concurrency,
      durationMs: options.durationMs,
      maxRequests: options.maxRequests,
      thinkMs: options.thinkMs,
      task: (i) =>
        replicas[i % replicas.length]!.query(SORTED_LISTING_QUERY, distinctPage(i, options.pages)),
    });
    const hits = await sandbox.hits();
    const accepted = hits.filter((h) => h.status !== 429).map((h) => h.at);
    return {
      quota,
      load,
      upstreamTotal: hits.length,
      upstream429: hits.filter((h) => h.status === 429).length,
      perFixedWindow: countPerFixedWindow(accepted, quota.windowMs, openedAt),
      maxPerSlidingWindow: maxInSlidingWindow(accepted, quota.windowMs),
      okQueries: load.outcomes.ok ?? 0,
      rateLimitedQueries: load.outcomes.UPSTREAM_RATE_LIMITED ?? 0,
    };
  } finally {
    await Promise.all(replicas.map((replica) => replica.close()));
  }
}
