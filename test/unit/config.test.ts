import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const valid = { BIGCOMMERCE_STORE_HASH: 'abc123', BIGCOMMERCE_ACCESS_TOKEN: 'tok-secret-value' };

describe('loadConfig', () => {
  it('applies documented defaults', () => {
    const config = loadConfig(valid);
    expect(config.apiUrl).toBe('https://api.bigcommerce.com');
    expect(config.port).toBe(4000);
    expect(config.redisUrl).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every bad variable at once and never echoes a value', () => {
    let error: unknown;
    try {
      loadConfig({
        BIGCOMMERCE_STORE_HASH: 'not a hash',
        BIGCOMMERCE_API_URL: 'ftp//nope-secret',
        PORT: '99999',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of [
      'BIGCOMMERCE_STORE_HASH',
      'BIGCOMMERCE_ACCESS_TOKEN',
      'BIGCOMMERCE_API_URL',
      'PORT',
    ]) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('nope-secret');
  });

  it('accepts only redis:// and rediss:// for REDIS_URL', () => {
    expect(loadConfig({ ...valid, REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe(
      'redis://127.0.0.1:6379',
    );
    expect(loadConfig({ ...valid, REDIS_URL: 'rediss://cache.example:6380' }).redisUrl).toBe(
      'rediss://cache.example:6380',
    );
    for (const url of ['http://x', 'redis-host:6379', 'memcached://x']) {
      expect(() => loadConfig({ ...valid, REDIS_URL: url })).toThrow(/REDIS_URL/);
    }
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ...valid, REDIS_URL: '', PORT: '' })).toMatchObject({
      redisUrl: undefined,
      port: 4000,
    });
  });

  it('takes CACHE_MODE on or off, on by default', () => {
    expect(loadConfig(valid).cache.mode).toBe('on');
    expect(loadConfig({ ...valid, CACHE_MODE: 'off' }).cache.mode).toBe('off');
    expect(() => loadConfig({ ...valid, CACHE_MODE: 'none' })).toThrow(/CACHE_MODE/);
  });
});

describe('server start-up', () => {
  it('exits non-zero with one line naming a missing BIGCOMMERCE_ACCESS_TOKEN', () => {
    const { BIGCOMMERCE_ACCESS_TOKEN: _omit, ...env } = process.env;
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...env, BIGCOMMERCE_STORE_HASH: 'abc123', PORT: '0' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/BIGCOMMERCE_ACCESS_TOKEN/);
  });
});
