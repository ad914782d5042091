import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { closeRedisConnection, createRedisConnection } from './redis-connection.js';
import { createRedisHealth, type RedisHealth } from './redis-health.js';
import { isVersionAtLeast, MIN_REDIS_VERSION, parseRedisVersion } from './redis-version.js';

export interface RedisOwnerOptions {
  /** `REDIS_URL`. */
  readonly url: string;
  readonly logger: Logger;
  /** The oldest server accepted. @default MIN_REDIS_VERSION */
  readonly minimumVersion?: string;
}

/**
 * The one place the gateway's Redis connections are made. Every user (cache store, invalidation
 * bus, quota governor, and later sessions, rate limits, idempotency, streams) takes its
 * connections here and reports how its calls went to the one `health`, so an outage is logged once
 * whoever notices it, and shutdown closes every connection once.
 */
export interface RedisOwner {
  /**
   * The shared command connection: reads, writes, scripts, PUBLISH. Fails fast while Redis is
   * down; callers treat a failure as a miss or a local fallback and tell `health`.
   */
  readonly commands: Redis;
  /** The one subscriber connection (a subscribed connection can run nothing else), made on first use. */
  subscriber(): Redis;
  /** A new connection of its own for blocking commands (`XREAD BLOCK`), closed with the owner. */
  dedicated(purpose: string): Redis;
  readonly health: RedisHealth;
  /** Resolves once the command connection is up and its server passed the version check. */
  ready(): Promise<void>;
  /** Closes every connection handed out. Idempotent. */
  close(): Promise<void>;
}

export function createRedisOwner(options: RedisOwnerOptions): RedisOwner {
  const { url } = options;
  const required = options.minimumVersion ?? MIN_REDIS_VERSION;
  const logger = options.logger.child({ component: 'redis' });
  const health = createRedisHealth(logger);
  const connections = new Set<Redis>();
  let closing: Promise<void> | undefined;
  let unusable = false;

  const connect = (name: string, blocking = false) => {
    const connection = createRedisConnection(url, logger, { name, blocking });
    connections.add(connection);
    // A server found too old earlier is not used by connections made later either.
    if (unusable) connection.disconnect();
    return connection;
  };

  const commands = connect('commands');
  let subscriber: Redis | undefined;
  let markReady: () => void = () => {};
  const readyOnce = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  // Checked on every (re)connect: a failover may land on another server. Too old a server is
  // refused, not half-used: it is a deployment mistake, and running as if Redis were down keeps
  // every request answered (memory cache, per-replica quota) while the error says what to fix.
  const checkVersion = async () => {
    let found: string | undefined;
    try {
      found = parseRedisVersion(await commands.info('server'));
    } catch (error) {
      health.failed(error);
      return;
    }
    if (found === undefined || isVersionAtLeast(found, required)) {
      logger.debug({ version: found }, 'redis connected');
      health.succeeded();
      markReady();
      return;
    }
    unusable = true;
    logger.error(
      { found, required },
      `redis ${found} is too old: the gateway needs redis >= ${required}; running without redis until it is upgraded and the gateway restarted`,
    );
    health.disable();
    for (const connection of connections) connection.disconnect();
  };
  commands.on('ready', () => void checkVersion());
  commands.on('close', () => {
    if (!closing && !unusable) health.failed(new Error('redis connection closed'));
  });

  return {
    commands,
    subscriber() {
      subscriber ??= connect('subscriber');
      return subscriber;
    },
    dedicated: (purpose) => connect(purpose, true),
    health,
    ready: () => readyOnce,
    close() {
      closing ??= Promise.all([...connections].map(closeRedisConnection)).then(() => undefined);
      return closing;
    },
  };
}
