import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** The Redis contract tests use; `.ci/run` starts it. */
export const sharedRedisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis answers PING at `url` within a second. */
export async function isRedisUp(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM) and waits for the process to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and waits until it answers. */
  start(): Promise<void>;
}

export interface RedisServerOptions {
  /**
   * Run as a Redis Cluster of one node owning every slot: cluster rules apply (a multi-key
   * command or script over keys of several slots fails with CROSSSLOT), and a plain client
   * still works since the node never redirects. @default false
   */
  cluster?: boolean;
}

/**
 * A throwaway redis-server child process on a free port, for tests that kill Redis: the shared
 * one at 6379 is never stopped. Nothing is persisted (but a cluster node's slot map).
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = options.cluster ? mkdtempSync(join(tmpdir(), 'bcgw-redis-')) : undefined;
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const start = async () => {
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      ...(dir ? ['--cluster-enabled', 'yes', '--dir', dir] : []),
    ];
    const proc = spawn('redis-server', args, { stdio: 'ignore' });
    child = proc;
    const deadline = Date.now() + 10_000;
    while (!(await isRedisUp(url))) {
      if (proc.exitCode !== null) throw new Error(`redis-server exited with ${proc.exitCode}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = once(proc, 'exit');
    proc.kill('SIGTERM');
    await exited;
  };

  await start();
  if (options.cluster) await claimAllSlots(url);
  return { url, port, start, stop };
}

/** Makes a lone cluster node own all 16384 slots and waits until the cluster says it is ok. */
async function claimAllSlots(url: string): Promise<void> {
  const admin = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    await waitFor(async () => /cluster_state:ok/.test(String(await admin.call('CLUSTER', 'INFO'))));
  } finally {
    admin.disconnect();
  }
}

/** Polls `check` until it is truthy; throws after `timeoutMs`. Avoids fixed sleeps in tests. */
export async function waitFor<T>(
  check: () => Promise<T> | T,
  { timeoutMs = 5_000, intervalMs = 25 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Whether the shared Redis answers, for suites that skip without it. Under `CI=true` a missing
 * Redis is an error instead: CI must exercise the Redis paths.
 */
export async function sharedRedisAvailable(): Promise<boolean> {
  const up = await isRedisUp(sharedRedisUrl);
  if (!up && process.env.CI === 'true') {
    throw new Error(`CI needs Redis at ${sharedRedisUrl}, and it does not answer`);
  }
  if (!up) console.warn(`Redis does not answer at ${sharedRedisUrl}: skipping its suites`);
  return up;
}
