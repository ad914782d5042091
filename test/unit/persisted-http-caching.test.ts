import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { matchesIfNoneMatch, publicAnswerTtlSeconds } from '../../src/plugins/use-http-caching.js';

const cacheConfig = (env: Record<string, string> = {}) =>
  loadConfig({ BIGCOMMERCE_STORE_HASH: 'abc', BIGCOMMERCE_ACCESS_TOKEN: 't', ...env }).cache;

describe('publicAnswerTtlSeconds', () => {
  it('is the response cache TTL, capped by the shortest entity TTL, and 0 with caching off', () => {
    expect(publicAnswerTtlSeconds(cacheConfig())).toBe(30);
    expect(publicAnswerTtlSeconds(cacheConfig({ RESPONSE_CACHE_TTL_S: '600' }))).toBe(60);
    expect(
      publicAnswerTtlSeconds(cacheConfig({ RESPONSE_CACHE_TTL_S: '600', CACHE_TTL_BRAND_S: '20' })),
    ).toBe(20);
    expect(publicAnswerTtlSeconds(cacheConfig({ CACHE_MODE: 'off' }))).toBe(0);
  });
});

describe('matchesIfNoneMatch', () => {
  const etag = '"abc"';
  it('matches the tag in a list, weakly, or *', () => {
    expect(matchesIfNoneMatch('"abc"', etag)).toBe(true);
    expect(matchesIfNoneMatch('"x", W/"abc"', etag)).toBe(true);
    expect(matchesIfNoneMatch('*', etag)).toBe(true);
  });
  it('does not match another tag, a bare value or no header', () => {
    expect(matchesIfNoneMatch('"abcd"', etag)).toBe(false);
    expect(matchesIfNoneMatch('abc', etag)).toBe(false);
    expect(matchesIfNoneMatch(null, etag)).toBe(false);
  });
});
