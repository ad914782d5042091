import { buildApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { describeListenError, ListenError } from './process/listen-error.js';
import { stopOnShutdown } from './process/shutdown.js';

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
  const logger = createLogger(config.logLevel);
  const app = buildApp(config, { logger });
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
    stop: () => app.stop(),
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
