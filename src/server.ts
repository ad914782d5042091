import './process/production-by-default.js';
import { Counter } from 'prom-client';
import { buildApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createStdoutLogOutput } from './log-output.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { describeListenError, ListenError } from './process/listen-error.js';
import { stopOnShutdown } from './process/shutdown.js';

/** How long shutdown waits for buffered log lines to be written. */
const LOG_FLUSH_MS = 2_000;

/** Entry point: configuration → app → listen; SIGTERM, SIGINT and SIGHUP drain and exit. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const output = createStdoutLogOutput();
  const logger = createLogger(config.logLevel, output.stream);
  const metrics = createMetrics();
  const droppedLines = new Counter({
    name: 'bcgw_log_lines_dropped_total',
    help: 'Log lines dropped because stdout was not read fast enough.',
    registers: [metrics.registry],
  });
  output.onDrop(() => droppedLines.inc());
  const app = buildApp(config, { logger, metrics });
  let url: string;
  try {
    url = await app.start();
  } catch (error) {
    const message =
      error instanceof ListenError
        ? error.message
        : describeListenError(error, { name: 'gateway', port: config.port, variable: 'PORT' });
    if (!message) throw error;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
  logger.info({ url: `${url}/graphql`, upstream: config.apiUrl }, 'gateway listening');
  stopOnShutdown({
    // Whatever stdout does, the process exits within the drain deadline plus this flush.
    stop: () => app.stop().finally(() => output.flush(LOG_FLUSH_MS)),
    report: (message) => logger.info(`shutdown: ${message}`),
  });
}

// A bad setting found while building the app (a persisted-operations manifest that does not match
// its documents) stops start-up with its one line, like one found in the environment.
main().catch((error: unknown) => {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
