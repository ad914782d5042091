import { closeRedisClient, createRedisClient } from './cache/redis-client.js';
import type { Config } from './config.js';
import { createLocalQuotaGovernor } from './datasources/quota/local-governor.js';
import { createRedisQuotaGovernor } from './datasources/quota/redis-governor.js';
import type { QuotaGovernor } from './datasources/quota.js';
import type { Logger } from './logger.js';

/**
 * BigCommerce's quota is per store: with Redis every replica draws from one budget, otherwise
 * this process paces itself alone.
 */
export function createGovernor(
  config: Config,
  logger: Logger,
): { governor: QuotaGovernor; close(): Promise<void> } {
  const local = createLocalQuotaGovernor();
  if (!config.redisUrl) return { governor: local, close: async () => {} };
  const log = logger.child({ component: 'quota' });
  const redis = createRedisClient(config.redisUrl, log);
  const governor = createRedisQuotaGovernor({
    redis,
    key: `bcgw:v1:quota:${config.storeHash}`,
    logger: log,
    fallback: local,
  });
  return {
    governor,
    close: async () => {
      await governor.close?.();
      await closeRedisClient(redis);
    },
  };
}
