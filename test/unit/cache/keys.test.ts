import { describe, expect, it } from 'vitest';
import { entityKey, entityTag, listKey, resourceTag } from '../../../src/cache/keys.js';

describe('cache keys', () => {
  it('gives list params the same key whatever their order, leaving out undefined', () => {
    const a = listKey({
      storeHash: 's1',
      resource: 'product-list',
      params: { limit: 50, page: 2 },
    });
    const b = listKey({
      storeHash: 's1',
      resource: 'product-list',
      params: { page: 2, sort: undefined, limit: 50 },
    });
    expect(a).toBe(b);
    expect(a).not.toBe(listKey({ storeHash: 's1', resource: 'product-list', params: { page: 3 } }));
  });

  it('keeps stores, resources, ids and shapes apart', () => {
    const base = { storeHash: 's1', resource: 'product', id: 1, shape: 'default' } as const;
    const keys = new Set([
      entityKey(base),
      entityKey({ ...base, storeHash: 's2' }),
      entityKey({ ...base, resource: 'variant' }),
      entityKey({ ...base, id: 2 }),
      entityKey({ ...base, shape: 'include=variants' }),
      // A separator inside an id cannot forge another key.
      entityKey({ ...base, id: '1:default' }),
    ]);
    expect(keys.size).toBe(6);
    expect(entityTag('s1', 'product', 1)).not.toBe(entityTag('s1', 'product', 2));
    expect(resourceTag('s1', 'product')).not.toBe(resourceTag('s2', 'product'));
  });

  it('bounds the length of keys for long id lists', () => {
    const ids = Array.from({ length: 250 }, (_, i) => 100_000 + i);
    const key = listKey({ storeHash: 's1', resource: 'product-list', params: { 'id:in': ids } });
    expect(key.length).toBeLessThan(100);
    const other = listKey({
      storeHash: 's1',
      resource: 'product-list',
      params: { 'id:in': [...ids, 1] },
    });
    expect(other).not.toBe(key);
  });
});
