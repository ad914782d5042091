import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  generateApiKey,
  hashApiKey,
  keyIdOf,
  matchesHash,
} from '../../../src/auth/api-keys/api-key.js';
import { createFileKeyRecords } from '../../../src/auth/api-keys/file-key-records.js';
import { createKeyStore, type KeyStore } from '../../../src/auth/api-keys/key-store.js';
import { ALL_SCOPES } from '../../../src/auth/viewer.js';
import type { Logger } from '../../../src/logger.js';
import { captureLogger, LEVEL } from '../../helpers/log-capture.js';
import { waitFor } from '../../helpers/redis-server.js';

/** What follows `bcgw_<id>_` (the secret may itself hold `_`). */
const secretOf = (key: string) => key.slice('bcgw_0123456789abcdef_'.length);

const ROLE_LIMITS = {
  partner: { requests: 600, windowSeconds: 60 },
  internal: { requests: 6000, windowSeconds: 60 },
};

describe('API key format', () => {
  it('is bcgw_<16 hex id>_<256 random bits>, different every time', () => {
    const { id, key, hash } = generateApiKey();
    expect(key).toMatch(/^bcgw_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`bcgw_${id}_`)).toBe(true);
    expect(Buffer.from(secretOf(key), 'base64url')).toHaveLength(32);
    expect(hash).toBe(hashApiKey(key));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const others = new Set(Array.from({ length: 50 }, () => generateApiKey().key));
    expect(others.size).toBe(50);
  });

  it('names its id only when well-formed', () => {
    const { id, key } = generateApiKey();
    expect(keyIdOf(key)).toBe(id);
    for (const bad of [
      key.slice(0, -1),
      `${key}x`,
      `${key}\n`,
      key.replace('bcgw_', 'bcgx_'),
      key.replace(id, id.toUpperCase()),
      `bcgw_${id}`,
      'bcgw_',
      '',
    ]) {
      expect(keyIdOf(bad), bad).toBeUndefined();
    }
  });

  it('matches its stored hash only with every character right', () => {
    const { key, hash } = generateApiKey();
    expect(matchesHash(key, hash)).toBe(true);
    const last = key.at(-1) === 'A' ? 'B' : 'A';
    expect(matchesHash(`${key.slice(0, -1)}${last}`, hash)).toBe(false);
  });
});

describe('key store over the keys file', () => {
  let dir: string;
  let path: string;
  let time: number;
  const stores: KeyStore[] = [];
  const openStore = (
    options: { watch?: boolean; statIntervalMs?: number; at?: string; logger?: Logger } = {},
  ) => {
    const store = createKeyStore({
      records: createFileKeyRecords({ path: options.at ?? path, ...options }),
      roleRateLimits: ROLE_LIMITS,
      now: () => time,
    });
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bcgw-keys-'));
    path = join(dir, 'api-keys.json');
    time = Date.parse('2030-01-01T00:00:00Z');
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps only a hash, in a file only its owner reads, and lists no secret', async () => {
    const store = openStore();
    const { key, info } = await store.create({ name: 'Acme', scopes: ['catalog:read'] });
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(key);
    expect(text).not.toContain(secretOf(key));
    expect(text).toContain(hashApiKey(key));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const listed = await store.list();
    expect(listed).toEqual([info]);
    expect(JSON.stringify(listed)).not.toContain(hashApiKey(key));
  });

  it('stands for a partner with its scopes and limit, or the role default', async () => {
    const store = openStore();
    const own = await store.create({
      name: 'Feed',
      scopes: ['catalog:read', 'orders:read'],
      rateLimit: { requests: 10, windowSeconds: 60 },
      persistedOnly: true,
    });
    const plain = await store.create({ name: 'Plain', scopes: ['catalog:read'] });
    const viewer = await store.verify(own.key, '10.0.0.1');
    expect(viewer).toMatchObject({
      kind: 'partner',
      keyId: own.info.id,
      keyName: 'Feed',
      clientIp: '10.0.0.1',
      rateLimit: { requests: 10, windowSeconds: 60 },
      persistedOnly: true,
    });
    expect([...(viewer?.scopes ?? [])]).toEqual(['catalog:read', 'orders:read']);
    expect((await store.verify(plain.key, '10.0.0.1'))?.rateLimit).toEqual(ROLE_LIMITS.partner);
  });

  it('gives an internal key every scope and the internal default limit', async () => {
    const store = openStore();
    const { key } = await store.create({ name: 'Ops', role: 'internal', scopes: [] });
    const viewer = await store.verify(key, '127.0.0.1');
    expect(viewer?.kind).toBe('internal');
    expect(viewer?.scopes).toBe(ALL_SCOPES);
    expect(viewer?.rateLimit).toEqual(ROLE_LIMITS.internal);
  });

  it('refuses a forged secret, an expired key and a revoked key', async () => {
    const store = openStore();
    const { key, info } = await store.create({
      name: 'Short-lived',
      scopes: ['catalog:read'],
      expiresAt: new Date(time + 60_000),
    });
    expect(await store.verify(key, 'ip')).toBeDefined();
    const forged = `bcgw_${info.id}_${secretOf(generateApiKey().key)}`;
    expect(keyIdOf(forged)).toBe(info.id);
    expect(await store.verify(forged, 'ip')).toBeUndefined();

    time += 60_000;
    expect(await store.verify(key, 'ip')).toBeUndefined();

    const other = await store.create({ name: 'Revoked', scopes: ['catalog:read'] });
    const revoked = await store.revoke(other.info.id);
    expect(revoked?.revokedAt).toBe(new Date(time).toISOString());
    expect(await store.verify(other.key, 'ip')).toBeUndefined();
    time += 1_000;
    expect((await store.revoke(other.info.id))?.revokedAt).toBe(revoked?.revokedAt);
    expect(await store.revoke('0123456789abcdef')).toBeUndefined();
  });

  it('sees a revocation another process writes, through fs.watch, without a restart', async () => {
    const gateway = openStore({ statIntervalMs: 3_600_000 });
    const cli = openStore({ watch: false });
    const { key, info } = await cli.create({ name: 'Watched', scopes: ['catalog:read'] });
    await waitFor(() => gateway.verify(key, 'ip'), { timeoutMs: 2_000 });
    await cli.revoke(info.id);
    await waitFor(async () => (await gateway.verify(key, 'ip')) === undefined, {
      timeoutMs: 2_000,
    });
  });

  it('finds the file by its stat where it cannot be watched (a directory made later)', async () => {
    const later = join(dir, 'made-later', 'api-keys.json');
    const gateway = openStore({ at: later, statIntervalMs: 20 });
    const cli = openStore({ at: later, watch: false });
    const { key } = await cli.create({ name: 'Polled', scopes: ['catalog:read'] });
    await waitFor(() => gateway.verify(key, 'ip'), { timeoutMs: 2_000 });
  });

  it('never overwrites a broken file, and keeps serving the keys read before it broke', async () => {
    const { logger, lines } = captureLogger();
    const gateway = openStore({ statIntervalMs: 20, logger });
    const { key } = await gateway.create({ name: 'Kept', scopes: ['catalog:read'] });
    writeFileSync(path, '{ "version": 1, "keys": [ {"id": "oops"} ] }');
    await waitFor(() => lines.some((line) => line.level === LEVEL.error), { timeoutMs: 2_000 });
    expect(lines[0]?.msg).toMatch(/not reloaded/);
    await expect(openStore({ watch: false }).create({ name: 'x', scopes: [] })).rejects.toThrow(
      /not a valid keys file/,
    );
    await expect(openStore({ watch: false }).list()).rejects.toThrow(/not a valid keys file/);
    expect(readFileSync(path, 'utf8')).toContain('oops');
    expect(await gateway.verify(key, 'ip')).toBeDefined();
  });
});
