import { ConfigError, loadConfig } from '../src/config.js';
import { HooksApi } from '../src/datasources/hooks.js';
import { HttpClient } from '../src/datasources/http-client.js';
import { createLogger } from '../src/logger.js';
import { applyHookSync, planHookSync } from '../src/webhooks/hook-sync.js';

/**
 * `npm run webhooks:sync -- --destination https://host/webhooks/bigcommerce [--dry-run]`: registers
 * the hooks the gateway needs with the store (BIGCOMMERCE_* settings, as the gateway reads them),
 * idempotently, and prints what it changed. Exit 2: bad input; 1: the store refused or failed; 0: done.
 */
const USAGE = `usage: npm run webhooks:sync -- --destination <https URL of WEBHOOK_PATH> [--dry-run]

Creates the gateway's missing hooks, reactivates deactivated ones and removes stale ones it owns
(marked with the X-Gateway-Hook header). Running it again changes nothing.`;

interface Args {
  destination: string;
  dryRun: boolean;
}

function parseArgs(argv: readonly string[]): Args | 'help' | string {
  let destination: string | undefined;
  let dryRun = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--dry-run') dryRun = true;
    else if (arg === '--destination') destination = argv[++i];
    else if (arg.startsWith('--destination=')) destination = arg.slice('--destination='.length);
    else return `unknown argument ${arg}`;
  }
  if (!destination) return '--destination is required';
  if (!URL.canParse(destination) || !/^https?:$/.test(new URL(destination).protocol)) {
    return `--destination must be an https URL, not ${destination}`;
  }
  return { destination, dryRun };
}

async function main(argv: readonly string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`webhooks:sync: ${line}\n`);
  const args = parseArgs(argv);
  if (args === 'help') {
    out(USAGE);
    return 0;
  }
  if (typeof args === 'string') {
    err(`${args}; run \`npm run webhooks:sync -- --help\` for usage`);
    return 2;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    err(error.message);
    return 2;
  }
  if (new URL(args.destination).pathname !== config.realtime.webhookPath) {
    err(`warning: the gateway receives callbacks on ${config.realtime.webhookPath} (WEBHOOK_PATH)`);
  }
  const http = new HttpClient({
    baseUrl: config.apiUrl,
    storeHash: config.storeHash,
    accessToken: config.accessToken,
    ...config.upstream,
    logger: createLogger('error', process.stderr),
  });
  try {
    const hooks = new HooksApi(http);
    const changes = planHookSync(await hooks.listHooks(), {
      destination: args.destination,
      requiredHeader: config.realtime.webhookRequiredHeader,
    });
    if (changes.length === 0) {
      out('webhooks: up to date, nothing changed');
      return 0;
    }
    if (args.dryRun) {
      for (const change of changes) {
        out(
          `would ${change.kind} ${'hook' in change ? `#${change.hook.id} ${change.hook.scope}` : change.scope}`,
        );
      }
      return 0;
    }
    await applyHookSync(hooks, args.destination, changes, out);
    out(`webhooks: ${changes.length} change${changes.length === 1 ? '' : 's'}`);
    return 0;
  } catch (error) {
    err(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    await http.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
