import '../src/process/production-by-default.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';

/**
 * A gateway alone in its process, so the bench reads what subscribers cost it: answers `rss`
 * messages with its resident set size after a full garbage collection.
 */
const app = buildApp(
  loadConfig({
    ...process.env,
    API_KEYS_FILE: join(mkdtempSync(join(tmpdir(), 'bcgw-bench-child-')), 'keys.json'),
    METRICS_PORT: '0',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_ANONYMOUS: '1000000000/60s',
    SUBSCRIPTIONS_PER_KEY: '100000',
  }),
  { logger: createLogger('silent') },
);
const url = await app.start(0, '127.0.0.1');
process.send?.({ url });
process.on('message', (message) => {
  if (message !== 'rss') return;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  process.send?.({ rss: process.memoryUsage().rss });
});
process.on('SIGTERM', () => {
  void app.stop().finally(() => process.exit(0));
});
