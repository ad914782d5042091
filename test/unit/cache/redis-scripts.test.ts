import { describe, expect, it } from 'vitest';
import { EXTEND_TTL_LUA } from '../../../src/cache/redis-cache.js';
import { ACQUIRE_LUA, OBSERVE_LUA } from '../../../src/datasources/quota/redis-scripts.js';

/** Commands that take no key, which a script may call freely. */
const KEYLESS = new Set(['TIME']);

/** The first argument of every `redis.call` that is not `KEYS[n]`. */
function undeclaredKeys(lua: string): string[] {
  const calls = lua.matchAll(/redis\.call\(\s*'(\w+)'\s*(?:,\s*([^,)]+))?/g);
  return [...calls]
    .filter(([, command]) => !KEYLESS.has(command!.toUpperCase()))
    .map(([, command, key]) => `${command} ${key?.trim()}`)
    .filter((call) => !/ KEYS\[\d+\]$/.test(call));
}

// A Cluster client routes a script by the keys it declares, and a proxy or a stricter server
// refuses one that touches others: every key must come in KEYS[].
describe.each([
  { name: 'cache tag TTL', lua: EXTEND_TTL_LUA },
  { name: 'quota acquire', lua: ACQUIRE_LUA },
  { name: 'quota observe', lua: OBSERVE_LUA },
])('the $name script', ({ lua }) => {
  it('touches only keys it declares', () => {
    expect(lua).toMatch(/redis\.call/);
    expect(undeclaredKeys(lua)).toEqual([]);
  });
});

describe('the check itself', () => {
  it('flags a key read from a set rather than declared', () => {
    const lua = `local m = redis.call('SMEMBERS', KEYS[1])
redis.call('DEL', unpack(m))`;
    expect(undeclaredKeys(lua)).toEqual(['DEL unpack(m']);
  });
});
