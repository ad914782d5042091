import '../src/process/production-by-default.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createStdoutLogOutput } from '../src/log-output.js';
import { createLogger } from '../src/logger.js';
import type { GatewayChildCommand, GatewayChildReply } from './wire-protocol.js';

/**
 * A gateway alone in its process, set up the way `src/server.ts` sets one up (the same
 * asynchronous stdout logger, at the configured level), so the load generator in the parent does
 * not share its thread. The environment comes whole from `BENCH_GATEWAY_ENV` (not this process's
 * own, which may name a Redis). It creates one partner key and reports its memory on request.
 */
const config = loadConfig(JSON.parse(process.env.BENCH_GATEWAY_ENV ?? '{}'));
const output = createStdoutLogOutput();
const app = buildApp(config, { logger: createLogger(config.logLevel, output.stream) });
const url = await app.start(0, '127.0.0.1');
const { key } = await app.keys.create({ name: 'bench-wire', scopes: ['catalog:read'] });

let peakRss = process.memoryUsage.rss();
let samples: number[] = [];
setInterval(() => {
  const rss = process.memoryUsage.rss();
  peakRss = Math.max(peakRss, rss);
  samples.push(rss);
}, 1_000).unref();

/** `--expose-gc` is on (the bench forks this with it); NaN if someone runs it without. */
function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return Number.NaN;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const send = (reply: GatewayChildReply) => process.send?.(reply);

process.on('message', (command: GatewayChildCommand) => {
  if (command.type !== 'memory') return;
  const rss = process.memoryUsage.rss();
  send({
    type: 'memory',
    id: command.id,
    rss,
    heapUsedAfterGc: heapAfterGc(),
    peakRss: Math.max(peakRss, rss),
    samples,
  });
  peakRss = rss;
  samples = [];
});
process.on('SIGTERM', () => {
  void app
    .stop()
    .then(() => output.flush(2_000))
    .finally(() => process.exit(0));
});

send({ type: 'ready', id: 0, url, partnerKey: key });
