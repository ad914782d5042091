import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FixedWindowQuota } from '../../sandbox/rate-limit.js';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import { sharedRedisAvailable, sharedRedisUrl } from '../helpers/redis-server.js';
import { type Stack, startStack } from '../helpers/stack.js';

const QUOTA = { requests: 50, windowMs: 10_000 };
const QUERIES = 80;
const IN_FLIGHT = 8;
/** No new query starts after this; queries already waiting for a slot may still finish. */
const BURST_MS = 12_000;

// One upstream call per query (no brand), so 80 queries fit in two windows of the quota.
const PRODUCT = `query One($id: Int!) { product(entityId: $id) { entityId name sku } }`;
interface ProductData {
  product: { entityId: number; name: string } | null;
}

const redisUp = await sharedRedisAvailable();

/** Upstream requests per sandbox window, replaying its fixed-window rule over arrival times. */
function perWindow(arrivals: readonly number[], windowMs: number): number[] {
  const counts: number[] = [];
  let windowStart = Number.NEGATIVE_INFINITY;
  for (const at of arrivals) {
    if (at - windowStart >= windowMs) {
      windowStart = at;
      counts.push(0);
    }
    counts[counts.length - 1]! += 1;
  }
  return counts;
}

describe.skipIf(!redisUp)('two replicas sharing one store quota through Redis', () => {
  let sandbox: Sandbox;
  let replicas: Stack[];
  // Every quota decision the sandbox makes; a refusal is exactly a 429 it answered.
  const decisions = vi.spyOn(FixedWindowQuota.prototype, 'take');
  const arrivals: number[] = [];

  beforeAll(async () => {
    sandbox = await createSandbox({
      products: QUERIES * 2,
      quota: QUOTA,
      storeHash: `it${randomBytes(6).toString('hex')}`,
    });
    const record = sandbox.counters.record.bind(sandbox.counters);
    sandbox.counters.record = (label, path) => {
      arrivals.push(Date.now());
      record(label, path);
    };
    const env = {
      REDIS_URL: sharedRedisUrl,
      UPSTREAM_MAX_RETRIES: '0',
      // Long enough to wait for the next window, so over-budget queries are delayed, not lost.
      UPSTREAM_MAX_RATE_LIMIT_WAIT_MS: '11000',
    };
    replicas = [
      await startStack({ sandboxInstance: sandbox, env }),
      await startStack({ sandboxInstance: sandbox, env }),
    ];
  });
  afterAll(async () => {
    await Promise.all(replicas?.map((r) => r.close()) ?? []);
    await sandbox?.close();
    decisions.mockRestore();
  });

  // The second window opens 10 s in: the timeout leaves room for a loaded machine.
  it('never lets the store answer 429 and keeps each window within its quota', async () => {
    // Visible products: a hidden one is null for an anonymous caller.
    const ids = sandbox.store.products
      .filter((p) => p.is_visible)
      .slice(0, QUERIES)
      .map((p) => p.id);
    const answers = new Map<number, Awaited<ReturnType<Stack['query']>>['body']>();
    const started = Date.now();
    const worker = async () => {
      for (let id = ids.shift(); id !== undefined; id = ids.shift()) {
        if (Date.now() - started > BURST_MS) return;
        const replica = replicas[id % 2]!;
        answers.set(id, (await replica.query<ProductData>(PRODUCT, { id })).body);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));

    const refused = decisions.mock.results.filter(
      (r) => r.type === 'return' && !(r.value as { allowed: boolean }).allowed,
    );
    expect(refused).toHaveLength(0);
    for (const count of perWindow(arrivals, QUOTA.windowMs)) {
      expect(count).toBeLessThanOrEqual(QUOTA.requests);
    }

    let answered = 0;
    for (const [id, body] of answers) {
      if (body.errors === undefined) {
        expect(body.data).toMatchObject({
          product: { entityId: id, name: sandbox.store.getProduct(id)?.name },
        });
        answered += 1;
      } else {
        expect(body.errors.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_RATE_LIMITED']);
      }
    }
    // The burst needs more than one window's quota, so part of it waited for the next window.
    expect(sandbox.counters.total()).toBeGreaterThan(QUOTA.requests);
    expect(answered).toBeGreaterThan(QUOTA.requests);
  }, 25_000);
});
