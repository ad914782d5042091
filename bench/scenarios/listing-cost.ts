import type { Agent } from 'undici';
import { startGateway } from '../gateway.js';
import { LISTING_QUERY } from '../queries.js';
import { createDirectClient, naiveCallCount } from '../rest-client.js';
import type { RemoteSandbox } from '../sandbox-client.js';

export interface ListingCost {
  /** Upstream requests the gateway made for one cold listing query. */
  gatewayCold: number;
  /** Which upstream routes those were. */
  routes: Record<string, number>;
  efficientDirect: number;
  naive: number;
  naiveFormula: string;
  products: number;
  categoryPairs: number;
  brandedProducts: number;
}

/** One cold listing query on a fresh gateway, counted at the sandbox; the naive count from data. */
export async function measureListingCost(
  sandbox: RemoteSandbox,
  agent: Agent,
): Promise<ListingCost> {
  const gateway = await startGateway(sandbox, agent);
  try {
    await sandbox.reset();
    const outcome = await gateway.query(LISTING_QUERY);
    if (outcome !== 'ok') throw new Error(`cold listing query failed: ${outcome}`);
    const { total, routes } = await sandbox.counters();
    const products = await createDirectClient(sandbox, agent).products(1);
    const categoryPairs = products.reduce((n, p) => n + new Set(p.categories).size, 0);
    return {
      gatewayCold: total,
      routes,
      efficientDirect: 3,
      naive: naiveCallCount(products),
      naiveFormula:
        '1 (products) + products with a brand (1 brand call each) + distinct (product, category) pairs (1 category call each)',
      products: products.length,
      categoryPairs,
      brandedProducts: products.filter((p) => p.brand_id > 0).length,
    };
  } finally {
    await gateway.close();
  }
}
