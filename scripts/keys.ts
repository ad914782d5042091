import {
  KEYS_USAGE,
  parseKeyCommand,
  runKeyCommand,
  UsageError,
} from '../src/auth/api-keys/key-cli.js';
import { openKeyStore } from '../src/auth/api-keys/open-key-store.js';
import { ConfigError, type KeyStoreConfig, loadKeyStoreConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createRedisOwner, type RedisOwner } from '../src/redis/redis-owner.js';

/**
 * `npm run keys -- create|list|revoke`: the gateway's API keys, in the store the gateway reads
 * (the same REDIS_URL, BIGCOMMERCE_STORE_HASH and API_KEYS_FILE). Exit 2: bad input; 1: the store
 * could not be used; 0: done.
 */
const REDIS_WAIT_MS = 3_000;
const HELP_HINT = 'run `npm run keys -- --help` for usage';

async function main(argv: readonly string[]): Promise<number> {
  const io = {
    out: (line: string) => process.stdout.write(`${line}\n`),
    err: (line: string) => process.stderr.write(`keys: ${line}\n`),
  };
  let command: ReturnType<typeof parseKeyCommand>;
  let config: KeyStoreConfig;
  try {
    command = parseKeyCommand(argv);
    if (command.kind === 'help') {
      io.out(KEYS_USAGE);
      return 0;
    }
    config = loadKeyStoreConfig();
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof ConfigError)) throw error;
    io.err(`${error.message}; ${HELP_HINT}`);
    return 2;
  }
  if (config.redisUrl && !config.storeHash) {
    io.err('BIGCOMMERCE_STORE_HASH is required with REDIS_URL: keys are kept per store');
    return 2;
  }

  // The owner's errors (a server too old) go to stderr; the URL, which may hold a password, never.
  const logger = createLogger('error', process.stderr);
  const redis = config.redisUrl ? createRedisOwner({ url: config.redisUrl, logger }) : undefined;
  try {
    if (redis && !(await answersSoon(redis))) {
      io.err(`Redis (REDIS_URL) did not answer within ${REDIS_WAIT_MS / 1000} s`);
      return 1;
    }
    const store = openKeyStore({ ...config, redis, watchFile: false });
    try {
      return await runKeyCommand(command, store, io);
    } catch (error) {
      io.err(error instanceof Error ? error.message : String(error));
      return 1;
    } finally {
      await store.close();
    }
  } finally {
    await redis?.close();
  }
}

async function answersSoon(redis: RedisOwner): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), REDIS_WAIT_MS);
  });
  const ready = await Promise.race([redis.ready().then(() => true), timeout]);
  clearTimeout(timer);
  return ready;
}

process.exitCode = await main(process.argv.slice(2));
