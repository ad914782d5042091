import { describe, expect, it } from 'vitest';
import { createLocalQuotaGovernor } from '../../../src/datasources/quota/local-governor.js';
import type { RateLimitInfo, RequestPriority } from '../../../src/datasources/quota.js';
import { createFakeClock, settle } from './fake-clock.js';

const NO_HEADERS: RateLimitInfo = {
  windowMs: undefined,
  resetMs: undefined,
  quota: undefined,
  left: undefined,
};

function headers(left: number, resetMs: number, quota = 100): RateLimitInfo {
  return { windowMs: 30_000, resetMs, quota, left };
}

function setup() {
  const clock = createFakeClock();
  const governor = createLocalQuotaGovernor({
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0,
  });
  const settled: string[] = [];
  const track = (label: string, priority: RequestPriority, maxWaitMs = 60_000) =>
    governor.acquire({ priority, maxWaitMs }).then(() => {
      settled.push(label);
    });
  return { clock, governor, settled, track };
}

describe('createLocalQuotaGovernor', () => {
  it('does not block before any rate-limit header was seen', async () => {
    const { clock, governor } = setup();
    for (let i = 0; i < 500; i++) await governor.acquire({ priority: 'background', maxWaitMs: 0 });
    expect(clock.sleeps).toEqual([]);
  });

  it('lets shoppers spend a low budget while background work waits for the reset', async () => {
    const { clock, governor, settled, track } = setup();
    governor.observe(headers(40, 10_000), 200);
    const background = track('background', 'background');
    await governor.acquire({ priority: 'shopper', maxWaitMs: 0 });
    await governor.acquire({ priority: 'partner', maxWaitMs: 0 });
    await settle();
    expect(settled).toEqual([]);
    await clock.advance(9_999);
    expect(settled).toEqual([]);
    await clock.advance(1);
    await background;
    expect(settled).toEqual(['background']);
  });

  it('counts tokens handed out so concurrent callers do not all see the same left', async () => {
    const { clock, governor, settled, track } = setup();
    governor.observe(headers(5, 1_000), 200);
    const all = Array.from({ length: 10 }, (_, i) => track(`s${i}`, 'shopper'));
    await settle();
    expect(settled).toHaveLength(3);
    await clock.advance(1_000);
    await Promise.all(all);
    expect(settled).toHaveLength(10);
  });

  it('keeps the lower estimate when a stale answer reports more left than it handed out', async () => {
    const { governor } = setup();
    governor.observe(headers(10, 5_000, 10), 200);
    for (let i = 0; i < 3; i++) await governor.acquire({ priority: 'shopper', maxWaitMs: 0 });
    // Sent before our last two requests: 10 - 3 leaves 7, not 9, so 5 more fit above the reserve.
    governor.observe(headers(9, 4_990, 10), 200);
    for (let i = 0; i < 5; i++) await governor.acquire({ priority: 'shopper', maxWaitMs: 0 });
    await expect(governor.acquire({ priority: 'shopper', maxWaitMs: 0 })).rejects.toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
    });
  });

  it('makes every priority wait the reset after a 429 with headers', async () => {
    const { clock, governor, settled, track } = setup();
    governor.observe(headers(0, 5_000), 429);
    const all = (['shopper', 'partner', 'background'] as const).map((p) => track(p, p));
    await clock.advance(4_999);
    expect(settled).toEqual([]);
    expect(clock.sleeps).toEqual([5_000, 5_000, 5_000]);
    await clock.advance(1);
    await Promise.all(all);
    expect(settled).toHaveLength(3);
  });

  it('backs off 1 s, 2 s, 4 s on bare 429s and stops after a success', async () => {
    const { clock, governor } = setup();
    for (const expected of [1_000, 2_000, 4_000]) {
      governor.observe(NO_HEADERS, 429);
      // A second 429 from a request already in flight must not lengthen the backoff.
      governor.observe(NO_HEADERS, 429);
      const waiting = governor.acquire({ priority: 'shopper', maxWaitMs: 60_000 });
      await clock.advance(expected);
      await waiting;
      expect(clock.sleeps.at(-1)).toBe(expected);
    }
    governor.observe(NO_HEADERS, 200);
    governor.observe(NO_HEADERS, 429);
    const waiting = governor.acquire({ priority: 'shopper', maxWaitMs: 60_000 });
    await clock.advance(1_000);
    await waiting;
    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000, 1_000]);
  });

  it('rejects at once with UPSTREAM_RATE_LIMITED when the wait exceeds maxWaitMs', async () => {
    const { clock, governor } = setup();
    governor.observe(headers(0, 8_000), 429);
    await expect(governor.acquire({ priority: 'shopper', maxWaitMs: 7_999 })).rejects.toMatchObject(
      {
        name: 'UpstreamRateLimitedError',
        code: 'UPSTREAM_RATE_LIMITED',
        retryAfterMs: 8_000,
      },
    );
    expect(clock.sleeps).toEqual([]);
  });

  it('rejects with the abort reason while waiting or when already aborted', async () => {
    const { governor } = setup();
    governor.observe(headers(0, 8_000), 429);
    const controller = new AbortController();
    const waiting = governor.acquire({
      priority: 'shopper',
      maxWaitMs: 60_000,
      signal: controller.signal,
    });
    await settle();
    const reason = new Error('client went away');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    await expect(
      governor.acquire({ priority: 'shopper', maxWaitMs: 60_000, signal: controller.signal }),
    ).rejects.toBe(reason);
  });
});
