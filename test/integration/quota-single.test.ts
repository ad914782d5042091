import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FixedWindowQuota } from '../../sandbox/rate-limit.js';
import { type Stack, startStack } from '../helpers/stack.js';

// One replica, no Redis: the gateway paces itself by the X-Rate-Limit-* headers it reads and
// waits for the next window instead of running into the store's 429s.
const QUOTA = { requests: 20, windowMs: 3_000 };
const QUERIES = 45;
const PRODUCT = `query One($id: Int!) { product(entityId: $id) { entityId name } }`;

describe('a single gateway pacing itself', () => {
  let stack: Stack;
  const decisions = vi.spyOn(FixedWindowQuota.prototype, 'take');

  beforeAll(async () => {
    stack = await startStack({
      sandbox: { products: QUERIES * 2, quota: QUOTA },
      env: { UPSTREAM_MAX_RETRIES: '0', UPSTREAM_MAX_RATE_LIMIT_WAIT_MS: '8000' },
    });
  });
  afterAll(async () => {
    await stack?.close();
    decisions.mockRestore();
  });

  it('answers a burst larger than the quota without a single upstream 429', async () => {
    // Visible products: a hidden one is null for an anonymous caller.
    const ids = stack.sandbox.store.products
      .filter((p) => p.is_visible)
      .slice(0, QUERIES)
      .map((p) => p.id);
    const names = new Map<number, string | undefined>();
    const worker = async () => {
      for (let id = ids.shift(); id !== undefined; id = ids.shift()) {
        const { body } = await stack.query<{ product: { name: string } }>(PRODUCT, { id });
        expect(body.errors).toBeUndefined();
        names.set(id, body.data?.product.name);
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));

    const refused = decisions.mock.results.filter(
      (r) => r.type === 'return' && !(r.value as { allowed: boolean }).allowed,
    );
    expect(refused).toHaveLength(0);
    expect(names.size).toBe(QUERIES);
    for (const [id, name] of names) expect(name).toBe(stack.sandbox.store.getProduct(id)!.name);
    expect(stack.sandbox.counters.total()).toBe(QUERIES);
  }, 20_000);
});
