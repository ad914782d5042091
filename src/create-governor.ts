import type { Config } from './config.js';
import { createLocalQuotaGovernor } from './datasources/quota/local-governor.js';
import { createRedisQuotaGovernor } from './datasources/quota/redis-governor.js';
import type { QuotaGovernor } from './datasources/quota.js';
import { quotaKey } from './redis/redis-keys.js';
import type { RedisOwner } from './redis/redis-owner.js';

/**
 * BigCommerce's quota is per store: with Redis every replica draws from one budget, otherwise
 * this process paces itself alone. The governor's connection belongs to the Redis owner.
 */
export function createGovernor(config: Config, redis: RedisOwner | undefined): QuotaGovernor {
  const local = createLocalQuotaGovernor();
  if (!redis) return local;
  return createRedisQuotaGovernor({ redis, key: quotaKey(config.storeHash), fallback: local });
}
