import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/auth/viewer.js';
import {
  fingerprintInput,
  type IdempotencyRequest,
  idempotencyOwner,
} from '../../src/idempotency/idempotency.js';
import { createMemoryIdempotencyStore } from '../../src/idempotency/memory-idempotency-store.js';

function setup(ttlSeconds = 60) {
  const clock = { ms: 1_000_000 };
  const store = createMemoryIdempotencyStore({ ttlSeconds, now: () => clock.ms, maxEntries: 100 });
  return { clock, store };
}

const request = (key: string, input: unknown = { checkoutId: 'c1' }): IdempotencyRequest => ({
  operation: 'placeOrder',
  owner: 'customer:1',
  key,
  fingerprint: fingerprintInput(input),
});

/** A work whose calls are counted and which finishes only when told to. */
function deferredWork(result: { orderId: number }) {
  let calls = 0;
  let finish: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return {
    work: async () => {
      calls += 1;
      await gate;
      return result;
    },
    finish: () => finish(),
    calls: () => calls,
  };
}

describe('fingerprintInput', () => {
  it('ignores key order and the idempotencyKey, and tells other inputs apart', () => {
    const a = fingerprintInput({ idempotencyKey: 'k1', checkoutId: 'c', lines: [{ q: 1, p: 2 }] });
    const b = fingerprintInput({ lines: [{ p: 2, q: 1 }], checkoutId: 'c', idempotencyKey: 'k2' });
    expect(a).toBe(b);
    expect(fingerprintInput({ checkoutId: 'd', lines: [{ q: 1, p: 2 }] })).not.toBe(a);
    expect(fingerprintInput({ checkoutId: 'c', lines: [{ q: 2, p: 1 }] })).not.toBe(a);
    expect(fingerprintInput({ a: null })).not.toBe(fingerprintInput({}));
    expect(fingerprintInput({ a: undefined })).toBe(fingerprintInput({}));
    // GraphQL-js hands resolvers null-prototype argument objects.
    const bare = Object.assign(Object.create(null) as object, { checkoutId: 'c', lines: [] });
    expect(fingerprintInput(bare)).toBe(fingerprintInput({ lines: [], checkoutId: 'c' }));
  });
});

describe('idempotencyOwner', () => {
  it('separates keys, customers and the one anonymous namespace', () => {
    const base = { clientIp: '10.0.0.1' };
    const anonymous: Viewer = { kind: 'anonymous', ...base };
    const otherGuest: Viewer = { kind: 'anonymous', clientIp: '10.0.0.2' };
    const customer: Viewer = {
      kind: 'customer',
      customerId: 7,
      customerGroupId: 0,
      sessionId: 's',
      ...base,
    };
    const partner: Viewer = {
      kind: 'partner',
      keyId: 'k7',
      keyName: 'Acme',
      scopes: new Set(),
      rateLimit: undefined,
      persistedOnly: false,
      ...base,
    };
    expect(idempotencyOwner(anonymous)).toBe(idempotencyOwner(otherGuest));
    const owners = new Set([anonymous, customer, partner].map(idempotencyOwner));
    expect(owners.size).toBe(3);
    expect(idempotencyOwner(customer)).toBe('customer:7');
    expect(idempotencyOwner(partner)).toBe('key:k7');
  });
});

describe('memory idempotency store', () => {
  it('answers a retry with the first result without running the work again', async () => {
    const { store } = setup();
    let calls = 0;
    const work = async () => ({ orderId: 100 + ++calls });
    expect(await store.run(request('k1'), work)).toEqual({ orderId: 101 });
    expect(await store.run(request('k1'), work)).toEqual({ orderId: 101 });
    expect(calls).toBe(1);
    // Another key, owner or operation is another slot.
    expect(await store.run(request('k2'), work)).toEqual({ orderId: 102 });
    expect(await store.run({ ...request('k1'), owner: 'customer:2' }, work)).toEqual({
      orderId: 103,
    });
    expect(await store.run({ ...request('k1'), operation: 'payOrder' }, work)).toEqual({
      orderId: 104,
    });
  });

  it('runs concurrent duplicates once, all getting the first result', async () => {
    const { store } = setup();
    const first = deferredWork({ orderId: 1 });
    const runs = Array.from({ length: 5 }, () => store.run(request('k'), first.work));
    await Promise.resolve();
    first.finish();
    expect(await Promise.all(runs)).toEqual(Array(5).fill({ orderId: 1 }));
    expect(first.calls()).toBe(1);
  });

  it('releases the key when the work fails, so a retry runs it again', async () => {
    const { store } = setup();
    await expect(
      store.run(request('k'), async () => {
        throw new Error('out of stock');
      }),
    ).rejects.toThrow('out of stock');
    expect(await store.run(request('k'), async () => ({ orderId: 2 }))).toEqual({ orderId: 2 });
  });

  it('lets a duplicate waiting on a failed first call run the work itself', async () => {
    const { store } = setup();
    let fail: (error: Error) => void = () => {};
    const first = store.run(
      request('k'),
      () =>
        new Promise<{ orderId: number }>((_resolve, reject) => {
          fail = reject;
        }),
    );
    let secondCalls = 0;
    const second = store.run(request('k'), async () => ({ orderId: 3 + secondCalls++ }));
    await Promise.resolve();
    fail(new Error('upstream 503'));
    await expect(first).rejects.toThrow('upstream 503');
    expect(await second).toEqual({ orderId: 3 });
    expect(secondCalls).toBe(1);
  });

  it('refuses the same key with another input, finished or still running', async () => {
    const { store } = setup();
    await store.run(request('k', { checkoutId: 'a' }), async () => ({ orderId: 1 }));
    const reused = store.run(request('k', { checkoutId: 'b' }), async () => ({ orderId: 2 }));
    await expect(reused).rejects.toBeInstanceOf(GraphQLError);
    await expect(reused).rejects.toMatchObject({
      extensions: { code: 'IDEMPOTENCY_KEY_REUSED' },
    });

    const running = deferredWork({ orderId: 3 });
    const first = store.run(request('r', { checkoutId: 'a' }), running.work);
    await expect(store.run(request('r', { checkoutId: 'b' }), running.work)).rejects.toMatchObject({
      extensions: { code: 'IDEMPOTENCY_KEY_REUSED' },
    });
    running.finish();
    expect(await first).toEqual({ orderId: 3 });
    expect(running.calls()).toBe(1);
  });

  it('forgets a result once its TTL has passed (by the injected clock)', async () => {
    const { clock, store } = setup(60);
    let calls = 0;
    const work = async () => ({ orderId: ++calls });
    await store.run(request('k'), work);
    clock.ms += 59_999;
    expect(await store.run(request('k'), work)).toEqual({ orderId: 1 });
    clock.ms += 1;
    expect(await store.run(request('k'), work)).toEqual({ orderId: 2 });
    expect(calls).toBe(2);
    // An expired result does not hold its key against another input either.
    clock.ms += 60_000;
    const other = request('k', { checkoutId: 'other' });
    expect(await store.run(other, work)).toEqual({ orderId: 3 });
  });

  it('replays a copy: a caller changing its result does not change the stored one', async () => {
    const { store } = setup();
    const first = await store.run(request('k'), async () => ({ orderId: 1, lines: [1] }));
    first.lines.push(2);
    expect(await store.run(request('k'), async () => ({ orderId: 9, lines: [] }))).toEqual({
      orderId: 1,
      lines: [1],
    });
  });

  it('keeps at most maxEntries results', async () => {
    const store = createMemoryIdempotencyStore({ ttlSeconds: 60, maxEntries: 2 });
    let calls = 0;
    const work = async () => ({ n: ++calls });
    for (const key of ['a', 'b', 'c']) await store.run(request(key), work);
    expect(await store.run(request('c'), work)).toEqual({ n: 3 });
    // 'a', the least recently used, was evicted: it runs again.
    expect(await store.run(request('a'), work)).toEqual({ n: 4 });
  });
});
