import { describe, expect, it } from 'vitest';
import type { BcHook } from '../../src/datasources/schemas/hooks.js';
import { planHookSync } from '../../src/webhooks/hook-sync.js';

const DEST = 'https://gw.example.com/webhooks/bigcommerce';
const mark = { 'X-Gateway-Hook': 'bcgw' };
let nextId = 1;
const hook = (scope: string, overrides: Partial<BcHook> = {}): BcHook => ({
  id: nextId++,
  scope,
  destination: DEST,
  is_active: true,
  headers: mark,
  ...overrides,
});
const target = { destination: DEST, scopes: ['store/product/updated', 'store/order/created'] };

describe('webhook sync plan', () => {
  it('creates what is missing, with the owner mark (and the required header)', () => {
    const plan = planHookSync([], { ...target, requiredHeader: ['x-hook-secret', 's3'] });
    expect(plan).toEqual([
      {
        kind: 'create',
        scope: 'store/product/updated',
        headers: { ...mark, 'x-hook-secret': 's3' },
      },
      { kind: 'create', scope: 'store/order/created', headers: { ...mark, 'x-hook-secret': 's3' } },
    ]);
  });

  it('changes nothing when every hook is there and active', () => {
    const existing = [
      hook('store/product/updated'),
      hook('store/order/created', { headers: { 'x-gateway-hook': 'bcgw' } }),
    ];
    expect(planHookSync(existing, target)).toEqual([]);
  });

  it('reactivates, removes stale, duplicate and moved hooks of its own, and leaves others alone', () => {
    const inactive = hook('store/product/updated', { is_active: false });
    const duplicate = hook('store/product/updated');
    const stale = hook('store/app/uninstalled');
    const moved = hook('store/order/created', {
      destination: 'https://old.example.com/webhooks/bigcommerce',
    });
    const foreign = hook('store/cart/created', { headers: null });
    const plan = planHookSync([inactive, duplicate, stale, moved, foreign], target);
    expect(plan).toEqual([
      { kind: 'reactivate', hook: inactive, headers: mark },
      { kind: 'create', scope: 'store/order/created', headers: mark },
      { kind: 'remove', hook: duplicate },
      { kind: 'remove', hook: stale },
      { kind: 'remove', hook: moved },
    ]);
  });

  it('updates headers that drifted', () => {
    const old = hook('store/product/updated', { headers: { ...mark, 'x-hook-secret': 'old' } });
    const plan = planHookSync([old, hook('store/order/created')], target);
    expect(plan).toEqual([{ kind: 'update-headers', hook: old, headers: mark }]);
  });
});
