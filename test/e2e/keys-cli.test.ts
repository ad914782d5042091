import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import { hashApiKey } from '../../src/auth/api-keys/api-key.js';
import { apiKeysRedisKey } from '../../src/auth/api-keys/redis-key-records.js';
import { sharedRedisAvailable, sharedRedisUrl, waitFor } from '../helpers/redis-server.js';
import { type Stack, startStack } from '../helpers/stack.js';

/** `npm run keys` as an operator runs it: a real process reading the same settings as the gateway. */
const ROOT = new URL('../..', import.meta.url).pathname;
const LISTING = '{ products(first: 1) { edges { node { entityId } } } }';
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function keys(args: string[], env: Record<string, string>, viaNpm = false): Promise<Outcome> {
  const [command, argv] = viaNpm
    ? ['npm', ['run', '-s', 'keys', '--', ...args]]
    : [process.execPath, ['--import', 'tsx', 'scripts/keys.ts', ...args]];
  try {
    const { stdout, stderr } = await run(command, argv, {
      cwd: ROOT,
      // Empty means unset: no Redis, no store hash, unless a test names them.
      env: { ...process.env, REDIS_URL: '', BIGCOMMERCE_STORE_HASH: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The id line and the key on the last line, as the CLI promises. */
function createdKey({ stdout }: Outcome): { id: string; key: string } {
  const lines = stdout.trimEnd().split('\n');
  const id = lines.find((line) => line.startsWith('id: '))?.slice(4) ?? '';
  return { id, key: lines.at(-1) ?? '' };
}

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bcgw-keys-cli-'));
  file = join(dir, 'api-keys.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run keys (keys file)', () => {
  it('creates a key, printing its id and the key alone on the last line, and lists no secret', async () => {
    const env = { API_KEYS_FILE: file };
    const created = await keys(
      [
        'create',
        '--name',
        'Acme feed',
        '--scopes',
        'catalog:read,orders:read',
        '--rate-limit',
        '600/60s',
      ],
      env,
      true,
    );
    expect(created.code).toBe(0);
    const { id, key } = createdKey(created);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(key).toMatch(new RegExp(`^bcgw_${id}_[A-Za-z0-9_-]{43}$`));
    expect(created.stdout.split(key)).toHaveLength(2);
    expect(readFileSync(file, 'utf8')).not.toContain(key);

    const second = createdKey(
      await keys(['create', '--name', 'Ops', '--role', 'internal', '--persisted-only'], env),
    );
    expect((await keys(['revoke', second.id], env)).stdout).toContain(`revoked: ${second.id}`);

    const listed = await keys(['list'], env);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(
        `^${id}  name="Acme feed"  role=partner  scopes=catalog:read,orders:read  limit=600/60s  expires=never  persisted-only=no  revoked=no$`,
      ),
    );
    expect(lines[1]).toMatch(new RegExp(`^${second.id} .*role=internal.*revoked=20\\d\\d-`));
    for (const secret of [key, second.key, hashApiKey(key), hashApiKey(second.key)]) {
      expect(listed.stdout + listed.stderr).not.toContain(secret);
    }
  });

  it('exits 2 on bad input, naming the option, and writes nothing', async () => {
    const cases: [string[], string][] = [
      [['create', '--name', 'x', '--scopes', 'catalog:read,orders:raed'], '--scopes'],
      [
        ['create', '--name', 'x', '--scopes', 'catalog:read', '--rate-limit', 'lots'],
        '--rate-limit',
      ],
      [
        ['create', '--name', 'x', '--scopes', 'catalog:read', '--expires', '31/12/2030'],
        '--expires',
      ],
      [['create', '--scopes', 'catalog:read'], '--name'],
      [['create', '--name', 'x', '--scopes', 'catalog:read', '--role', 'root'], '--role'],
      [['revoke', 'not-an-id'], 'KEY_ID'],
    ];
    const outcomes = await Promise.all(cases.map(([args]) => keys(args, { API_KEYS_FILE: file })));
    outcomes.forEach((outcome, index) => {
      const [args, named] = cases[index]!;
      expect(outcome.code, args.join(' ')).toBe(2);
      expect(outcome.stderr, args.join(' ')).toContain(named);
      expect(outcome.stdout, args.join(' ')).toBe('');
    });
    expect(existsSync(file)).toBe(false);
  });

  it('explains itself with --help', async () => {
    const outcome = await keys(['--help'], { API_KEYS_FILE: file });
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/create --name NAME --scopes a,b/);
    expect(outcome.stdout).toMatch(/revoke KEY_ID/);
  });

  it('says so, exit 1, when revoking an id no key has', async () => {
    const outcome = await keys(['revoke', '0123456789abcdef'], { API_KEYS_FILE: file });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('no key has the id 0123456789abcdef');
  });
});

describe('a running gateway follows the CLI', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });
  const status = async (key: string) =>
    (await stack!.query(LISTING, {}, { 'x-api-key': key })).response.status;

  it('keys file: a key revoked by the CLI is refused without a restart', async () => {
    const env = { API_KEYS_FILE: file };
    stack = await startStack({ sandbox: { products: 5 }, env });
    const { id, key } = createdKey(
      await keys(['create', '--name', 'Live', '--scopes', 'catalog:read'], env),
    );
    await waitFor(async () => (await status(key)) === 200, { timeoutMs: 3_000 });
    expect((await keys(['revoke', id], env)).code).toBe(0);
    await waitFor(async () => (await status(key)) === 401, { timeoutMs: 3_000 });
  });
});

const redisUp = await sharedRedisAvailable();

/** Removes a run's keys from the shared Redis. */
async function dropKeys(storeHash: string): Promise<void> {
  const client = new Redis(sharedRedisUrl, { maxRetriesPerRequest: 1 });
  try {
    await client.del(apiKeysRedisKey(storeHash));
  } finally {
    client.disconnect();
  }
}

describe.skipIf(!redisUp)('the CLI and the gateway share Redis', () => {
  let sandbox: Sandbox;
  let stack: Stack;
  afterAll(async () => {
    await stack?.close();
    if (sandbox) await dropKeys(sandbox.storeHash);
    await sandbox?.close();
  });

  it('writes where the gateway reads (the store’s hash), and its revocation is seen at once', async () => {
    sandbox = await createSandbox({ products: 5, storeHash: `cli${Date.now().toString(36)}` });
    const env = { REDIS_URL: sharedRedisUrl, BIGCOMMERCE_STORE_HASH: sandbox.storeHash };
    stack = await startStack({ sandboxInstance: sandbox, env: { REDIS_URL: sharedRedisUrl } });
    const { id, key } = createdKey(
      await keys(['create', '--name', 'Redis', '--scopes', 'catalog:read'], env),
    );
    expect((await stack.query(LISTING, {}, { 'x-api-key': key })).response.status).toBe(200);
    expect((await keys(['revoke', id], env)).code).toBe(0);
    await waitFor(
      async () => (await stack.query(LISTING, {}, { 'x-api-key': key })).response.status === 401,
      { timeoutMs: 1_000 },
    );

    const noHash = await keys(['list'], { REDIS_URL: sharedRedisUrl });
    expect(noHash.code).toBe(2);
    expect(noHash.stderr).toContain('BIGCOMMERCE_STORE_HASH is required with REDIS_URL');
  });
});
