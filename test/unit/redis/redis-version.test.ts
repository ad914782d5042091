import { describe, expect, it } from 'vitest';
import {
  isVersionAtLeast,
  MIN_REDIS_VERSION,
  parseRedisVersion,
} from '../../../src/redis/redis-version.js';

describe('redis version check', () => {
  it('reads redis_version from INFO server', () => {
    const info = '# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:00000000\r\n';
    expect(parseRedisVersion(info)).toBe('7.0.15');
    expect(parseRedisVersion('# Server\r\nredis_mode:standalone\r\n')).toBeUndefined();
  });

  it('compares major, minor and patch as numbers', () => {
    expect(isVersionAtLeast('6.2.0', '6.2.0')).toBe(true);
    expect(isVersionAtLeast('6.10.1', '6.2.0')).toBe(true);
    expect(isVersionAtLeast('7.0.15', '6.2.0')).toBe(true);
    expect(isVersionAtLeast('6.0.16', '6.2.0')).toBe(false);
    expect(isVersionAtLeast('5.0.14', '6.2')).toBe(false);
  });

  it('accepts Redis 6.2, since nothing sent needs Redis 7', () => {
    expect(MIN_REDIS_VERSION).toBe('6.2.0');
    expect(isVersionAtLeast('6.2.14', MIN_REDIS_VERSION)).toBe(true);
  });
});
