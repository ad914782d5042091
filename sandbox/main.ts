import { parseArgs } from 'node:util';
import { DEMO_CUSTOMER_CREDENTIALS } from './customers/seed.js';
import { createSandbox, type SandboxOptions } from './server.js';

const USAGE = `Usage: npm run sandbox -- [--port 4010] [--host 127.0.0.1] [--products 300] [--seed 1]
  [--store-hash sandbox1] [--token sandbox-token] [--quota 450 --window-ms 30000] [--latency-ms 0]
  [--client-id sandbox-client-id] [--client-secret sandbox-client-secret]`;

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    products: { type: 'string' },
    seed: { type: 'string' },
    'store-hash': { type: 'string' },
    token: { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    quota: { type: 'string' },
    'window-ms': { type: 'string' },
    'latency-ms': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const int = (name: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a non-negative integer\n${USAGE}`);
    process.exit(2);
  }
  return value;
};

const requests = int('quota', values.quota);
const windowMs = int('window-ms', values['window-ms']);
const options: SandboxOptions = {
  port: int('port', values.port),
  host: values.host,
  products: int('products', values.products),
  seed: int('seed', values.seed),
  storeHash: values['store-hash'],
  accessToken: values.token,
  clientId: values['client-id'],
  clientSecret: values['client-secret'],
  latencyMs: int('latency-ms', values['latency-ms']),
  quota:
    requests === undefined && windowMs === undefined
      ? undefined
      : { requests: requests ?? 450, windowMs: windowMs ?? 30_000 },
};

const sandbox = await createSandbox(options);
console.log(`BigCommerce sandbox store listening
  BIGCOMMERCE_API_URL=${sandbox.url}
  BIGCOMMERCE_STORE_HASH=${sandbox.storeHash}
  BIGCOMMERCE_ACCESS_TOKEN=${sandbox.accessToken}
  app client id/secret (current-customer JWTs): ${sandbox.clientId} / ${sandbox.clientSecret}
  demo customer: ${DEMO_CUSTOMER_CREDENTIALS.email} / ${DEMO_CUSTOMER_CREDENTIALS.password}
  products: ${sandbox.store.products.length}; control routes under ${sandbox.url}/__sandbox/`);

const shutdown = (): void => {
  sandbox.close().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
