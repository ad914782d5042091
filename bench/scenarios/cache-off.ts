import type { Agent } from 'undici';
import { startGateway } from '../gateway.js';
import { type LoadResult, runLoad } from '../load.js';
import { cursorForPage, LISTING_QUERY } from '../queries.js';
import type { RemoteSandbox } from '../sandbox-client.js';
import type { RunShape } from './gateway-cache.js';

export interface CacheOffResult {
  serial: LoadResult;
  concurrent: LoadResult;
}

/**
 * The cold listing as the performance issue defines it: `CACHE_MODE=off`, so every query is a
 * real upstream round trip (its 3 calls), at concurrency 1 and 8; pages differ from query to query
 * anyway, as a client paging through the catalog would ask them.
 */
export async function measureCacheOff(options: {
  sandbox: RemoteSandbox;
  agent: Agent;
  pages: number;
  serial: RunShape;
  concurrent: RunShape;
}): Promise<CacheOffResult> {
  const gateway = await startGateway(options.sandbox, options.agent, { CACHE_MODE: 'off' });
  let page = 0;
  const task = () =>
    gateway.query(LISTING_QUERY, { after: cursorForPage((page++ % options.pages) + 1) });
  try {
    // Untimed: JIT warm-up and sockets, so the first timed run is not the one that pays for them.
    await runLoad({ concurrency: 8, durationMs: 1_000, maxRequests: 200, task });
    const serial = await runLoad({ ...options.serial, task });
    const concurrent = await runLoad({ ...options.concurrent, task });
    return { serial, concurrent };
  } finally {
    await gateway.close();
  }
}
