import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';

/**
 * `src/server.ts` as deployed, with a log reader that stops reading (a full stdout pipe): the
 * gateway keeps serving, and SIGTERM still ends it promptly. A synchronous logger retrying
 * `EAGAIN` would freeze both.
 */
const ROOT = new URL('../..', import.meta.url).pathname;
let sandbox: Sandbox;
let keysDir: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  sandbox = await createSandbox({ products: 20, quota: { requests: 100_000, windowMs: 1_000 } });
  keysDir = mkdtempSync(join(tmpdir(), 'bcgw-stalled-log-'));
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await sandbox?.close();
  rmSync(keysDir, { recursive: true, force: true });
});

describe('a log reader that stops reading', () => {
  it('stalls neither serving nor shutdown', async () => {
    const gateway = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        METRICS_PORT: '0',
        REDIS_URL: '',
        LOG_LEVEL: 'debug',
        API_KEYS_FILE: join(keysDir, 'api-keys.json'),
        BIGCOMMERCE_STORE_HASH: sandbox.storeHash,
        BIGCOMMERCE_ACCESS_TOKEN: sandbox.accessToken,
        BIGCOMMERCE_API_URL: sandbox.url,
        CACHE_MODE: 'off',
        RATE_LIMIT_ANONYMOUS: '1000000/60s',
      },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    child = gateway;
    const stdout = gateway.stdout;
    if (!stdout) throw new Error('no stdout');
    const lines = createInterface({ input: stdout });
    const url = await new Promise<string>((resolve, reject) => {
      gateway.once('exit', (code) => reject(new Error(`gateway exited with ${code}`)));
      lines.on('line', (line) => {
        const match = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(line);
        if (match) resolve(match[1] as string);
      });
    });
    // From here on nobody reads: the pipe fills (64 KiB) within a few dozen requests.
    lines.close();
    stdout.pause();

    const query = (i: number) =>
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `{ products(first: ${1 + (i % 20)}) { edges { node { name } } } }`,
        }),
        signal: AbortSignal.timeout(10_000),
      }).then((response) => response.status);
    for (let round = 0; round < 6; round++) {
      const statuses = await Promise.all(
        Array.from({ length: 50 }, (_, i) => query(round * 50 + i)),
      );
      expect(statuses.every((status) => status === 200)).toBe(true);
    }
    const health = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
    expect(health.status).toBe(200);

    const started = Date.now();
    gateway.kill('SIGTERM');
    const [code] = await once(gateway, 'exit');
    expect(code).toBe(0);
    // The drain (nothing in flight) and the bounded log flush: well under the force-exit timer.
    expect(Date.now() - started).toBeLessThan(8_000);
  }, 60_000);
});
