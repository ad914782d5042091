import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import { generateApiKey, keyIdOf } from '../../src/auth/api-keys/api-key.js';
import { apiKeysRedisKey } from '../../src/auth/api-keys/redis-key-records.js';
import { sharedRedisAvailable, sharedRedisUrl } from '../helpers/redis-server.js';
import { type Stack, startStack } from '../helpers/stack.js';

const LISTING = '{ products(first: 2) { edges { node { entityId name } } } }';
const ROOT = new URL('../..', import.meta.url).pathname;

/** The two ways a client may present a key. */
const HEADER_FORMS = {
  bearer: (key: string) => ({ authorization: `Bearer ${key}` }),
  'x-api-key': (key: string) => ({ 'x-api-key': key }),
} as const;

const redisUp = await sharedRedisAvailable();

describe('API keys over HTTP (keys file)', () => {
  let stack: Stack;
  let dir: string;
  const bad: Record<string, string> = {};
  let valid: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bcgw-keys-it-'));
    stack = await startStack({
      sandbox: { products: 20 },
      env: { API_KEYS_FILE: join(dir, 'api-keys.json') },
    });
    const keys = stack.app.keys;
    valid = (await keys.create({ name: 'Partner', scopes: ['catalog:read'] })).key;
    const expired = await keys.create({
      name: 'Expired',
      scopes: ['catalog:read'],
      expiresAt: new Date(Date.now() - 1_000),
    });
    const revoked = await keys.create({ name: 'Revoked', scopes: ['catalog:read'] });
    await keys.revoke(revoked.info.id);
    const validId = keyIdOf(valid);
    // What follows `bcgw_<id>_`: the secret may itself hold `_`.
    const otherSecret = generateApiKey().key.slice(`bcgw_${validId}_`.length);
    Object.assign(bad, {
      'malformed (too short)': valid.slice(0, -1),
      'malformed (no secret)': `bcgw_${validId}`,
      'forged (a real id, another secret)': `bcgw_${validId}_${otherSecret}`,
      unknown: generateApiKey().key,
      expired: expired.key,
      revoked: revoked.key,
    });
    // Well-formed, so only the hash comparison can refuse it.
    expect(keyIdOf(bad['forged (a real id, another secret)']!)).toBe(validId);
  });
  afterAll(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => stack.sandbox.counters.reset());

  for (const [form, headers] of Object.entries(HEADER_FORMS)) {
    it(`refuses malformed, forged, unknown, expired and revoked keys (${form}) with 401 and no upstream call`, async () => {
      for (const [kind, key] of Object.entries(bad)) {
        const { response, body } = await stack.query(LISTING, {}, headers(key));
        expect(response.status, kind).toBe(401);
        expect(body.errors?.[0]?.extensions?.code, kind).toBe('UNAUTHENTICATED');
        expect(body.data, kind).toBeUndefined();
        // The same words whatever the reason: the answer tells an attacker nothing.
        expect(body.errors?.[0]?.message, kind).toBe(
          'The credential is not valid: it may be malformed, unknown, expired or revoked.',
        );
      }
      expect(stack.sandbox.counters.total()).toBe(0);
    });

    it(`answers a valid partner key (${form})`, async () => {
      const { response, body } = await stack.query(LISTING, {}, headers(valid));
      expect(response.status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data).toMatchObject({ products: { edges: [{ node: { entityId: 1 } }, {}] } });
    });
  }
});

/** A gateway in a process of its own (`src/server.ts`), as a second replica is deployed. */
async function startGatewayProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code}: ${output}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+\/graphql)"/.exec(output)?.[1];
      if (url) resolve(url);
    });
  });
  return { child, endpoint };
}

/** Removes a run's keys from the shared Redis. */
async function dropKeys(storeHash: string): Promise<void> {
  const client = new Redis(sharedRedisUrl, { maxRetriesPerRequest: 1 });
  try {
    await client.del(apiKeysRedisKey(storeHash));
  } finally {
    client.disconnect();
  }
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

describe.skipIf(!redisUp)('API keys shared through Redis by two gateway processes', () => {
  let sandbox: Sandbox;
  let a: Stack;
  let b: { child: ChildProcess; endpoint: string } | undefined;

  beforeAll(async () => {
    // A store hash of its own keeps this run's keys apart on the shared Redis.
    sandbox = await createSandbox({ products: 20, storeHash: `keys${Date.now().toString(36)}` });
    const env = {
      BIGCOMMERCE_STORE_HASH: sandbox.storeHash,
      BIGCOMMERCE_ACCESS_TOKEN: sandbox.accessToken,
      BIGCOMMERCE_API_URL: sandbox.url,
      REDIS_URL: sharedRedisUrl,
    };
    a = await startStack({ sandboxInstance: sandbox, env });
    b = await startGatewayProcess(env);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), stopProcess(b?.child)]);
    if (sandbox) await dropKeys(sandbox.storeHash);
    await sandbox?.close();
  });

  const onB = (key: string) =>
    fetch(b!.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: LISTING }),
    });

  it('stops a revoked key on the second process within 1 s', async () => {
    const { key, info } = await a.app.keys.create({ name: 'Replicated', scopes: ['catalog:read'] });
    // B has just checked the key (and may hold a copy) when A revokes it.
    expect((await onB(key)).status).toBe(200);
    expect((await onB(key)).status).toBe(200);

    await a.app.keys.revoke(info.id);
    const revokedAt = Date.now();
    let status = 200;
    while (status !== 401 && Date.now() - revokedAt < 1_000) status = (await onB(key)).status;
    expect(status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(1_000);
    expect((await a.query(LISTING, {}, HEADER_FORMS.bearer(key))).response.status).toBe(401);
  });
});
