import { randomBytes } from 'node:crypto';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import { sharedRedisUrl } from './redis-server.js';
import { type Stack, startStack } from './stack.js';

/** Two gateways on one sandbox store, sharing the machine's Redis. */
export interface RedisReplicas {
  sandbox: Sandbox;
  a: Stack;
  b: Stack;
  close(): Promise<void>;
}

/**
 * Starts them under a store hash of their own (`prefix` + random), which keeps this run's keys
 * apart from other runs and tests on the shared Redis.
 */
export async function startRedisReplicas(
  prefix: string,
  options: { products?: number; env?: Record<string, string> } = {},
): Promise<RedisReplicas> {
  const { products = 20, env = {} } = options;
  const sandbox = await createSandbox({
    products,
    storeHash: `${prefix}${randomBytes(6).toString('hex')}`,
  });
  const replicaEnv = { REDIS_URL: sharedRedisUrl, ...env };
  const a = await startStack({ sandboxInstance: sandbox, env: replicaEnv });
  const b = await startStack({ sandboxInstance: sandbox, env: replicaEnv });
  return {
    sandbox,
    a,
    b,
    async close() {
      await Promise.all([a.close(), b.close()]);
      await sandbox.close();
    },
  };
}
