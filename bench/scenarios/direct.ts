import type { Agent } from 'undici';
import { type LoadResult, runLoad } from '../load.js';
import { createDirectClient } from '../rest-client.js';
import type { RemoteSandbox } from '../sandbox-client.js';
import type { RunShape } from './gateway-cache.js';

export interface DirectResult {
  efficient: LoadResult & { upstreamPerQuery: number };
  naive: LoadResult & { upstreamPerQuery: number };
}

/** The same pages fetched straight from the sandbox's REST API, the efficient and the naive way. */
export async function measureDirect(options: {
  sandbox: RemoteSandbox;
  agent: Agent;
  efficientShape: RunShape;
  naiveShape: RunShape;
  pages: number;
}): Promise<DirectResult> {
  const { sandbox, pages } = options;
  const client = createDirectClient(sandbox, options.agent);
  const counted = async (run: () => Promise<LoadResult>) => {
    await sandbox.reset();
    const result = await run();
    const { total } = await sandbox.counters();
    return { ...result, upstreamPerQuery: total / result.requests };
  };
  const efficient = await counted(() =>
    runLoad({ ...options.efficientShape, task: (i) => client.efficient((i % pages) + 1) }),
  );
  const naive = await counted(() =>
    runLoad({ ...options.naiveShape, task: (i) => client.naive((i % pages) + 1) }),
  );
  return { efficient, naive };
}
