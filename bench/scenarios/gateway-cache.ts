import type { Agent } from 'undici';
import { entityTag, resourceTag } from '../../src/cache/keys.js';
import { startGateway } from '../gateway.js';
import { type LoadResult, runLoad } from '../load.js';
import { cursorForPage, LISTING_QUERY } from '../queries.js';
import type { RemoteSandbox } from '../sandbox-client.js';

/** How long and how wide each timed run is. */
export interface RunShape {
  concurrency: number;
  durationMs: number;
  maxRequests: number;
}

export interface CacheRun extends LoadResult {
  upstreamRequests: number;
  upstreamPerQuery: number;
  /** 1 − upstream calls / (queries × calls per cold query). */
  hitRatio: number;
}

export interface GatewayCacheResult {
  cold: CacheRun;
  warm: CacheRun;
}

/** What the cold run evicts before every query: listings, and every brand and category entity. */
export function coldEvictionTags(
  storeHash: string,
  brandIds: readonly number[],
  categoryIds: readonly number[],
): string[] {
  return [
    resourceTag(storeHash, 'product-list'),
    ...brandIds.map((id) => entityTag(storeHash, 'brand', id)),
    ...categoryIds.map((id) => entityTag(storeHash, 'category', id)),
  ];
}

/**
 * Cold: each query asks a page not asked before (`after` cursor) and, untimed, first evicts the
 * listings and every brand and category through `app.invalidator`, so it reaches upstream in full.
 * Warm: page 1 again and again after one priming query.
 */
export async function measureGatewayCache(options: {
  sandbox: RemoteSandbox;
  agent: Agent;
  env: Record<string, string>;
  shape: RunShape;
  pages: number;
  evictTags: readonly string[];
  coldCallsPerQuery: number;
}): Promise<GatewayCacheResult> {
  const { sandbox, shape } = options;
  const gateway = await startGateway(sandbox, options.agent, options.env);
  const measure = async (run: () => Promise<LoadResult>): Promise<CacheRun> => {
    await sandbox.reset();
    const result = await run();
    const { total } = await sandbox.counters();
    return {
      ...result,
      upstreamRequests: total,
      upstreamPerQuery: total / result.requests,
      hitRatio: 1 - total / (result.requests * options.coldCallsPerQuery),
    };
  };
  try {
    const cold = await measure(() =>
      runLoad({
        ...shape,
        // Never the same page twice: raw tags reach entity entries, not the whole-response cache
        // (keyed by query), so a page not asked before is what keeps the listing itself cold.
        maxRequests: Math.min(shape.maxRequests, options.pages),
        before: () => gateway.app.invalidator.tags(options.evictTags),
        task: (i) =>
          gateway.query(LISTING_QUERY, { after: cursorForPage((i % options.pages) + 1) }),
      }),
    );
    await gateway.query(LISTING_QUERY);
    const warm = await measure(() =>
      runLoad({ ...shape, task: () => gateway.query(LISTING_QUERY) }),
    );
    return { cold, warm };
  } finally {
    await gateway.close();
  }
}
