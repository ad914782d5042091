import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_COUPONS } from '../sandbox/carts/coupons.js';
import { DEMO_CUSTOMER_CREDENTIALS } from '../sandbox/customers/seed.js';
import { createSandbox } from '../sandbox/server.js';
import { buildApp } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { HooksApi } from '../src/datasources/hooks.js';
import { HttpClient } from '../src/datasources/http-client.js';
import { createLogger } from '../src/logger.js';
import { describeListenError, ListenError } from '../src/process/listen-error.js';
import { stopOnShutdown } from '../src/process/shutdown.js';
import { syncHooks } from '../src/webhooks/hook-sync.js';
import { purchaseWalkthrough } from './purchase.js';

/**
 * `npm run demo`: a seeded sandbox store and the gateway wired to it, GraphiQL on. Nothing to
 * configure; REDIS_URL, PORT and SANDBOX_PORT are honoured when set.
 */
const EXAMPLE = `# One request: products with prices, brand, categories, image and variants.
query Listing {
  products(
    first: 5
    filter: { inStock: true }
    sort: { field: PRICE, direction: DESC }
  ) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        entityId
        name
        prices {
          price { amount currencyCode }
          priceRange { min { amount } max { amount } }
        }
        brand { name }
        categories { name breadcrumbs { name } }
        defaultImage { url(width: 320) altText }
        variants {
          sku
          isPurchasable
          options { displayName label }
        }
      }
    }
  }
}`;

async function main(): Promise<void> {
  const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010);
  const sandbox = await createSandbox({ port: sandboxPort, products: 500 }).catch((error) =>
    fail(error, { name: 'sandbox store', port: sandboxPort, variable: 'SANDBOX_PORT' }),
  );
  // The demo's keys live in a folder of its own, gone when it stops, unless API_KEYS_FILE says.
  const keysDir = mkdtempSync(join(tmpdir(), 'bcgw-demo-'));
  let config: Config;
  try {
    config = loadConfig({
      API_KEYS_FILE: join(keysDir, 'api-keys.json'),
      // A free port unless told: a second demo, or a Prometheus exporter, may hold 9464.
      METRICS_PORT: '0',
      // One secret per demo run: sessions end with it, as they would on a restart.
      SESSION_SIGNING_SECRET: randomBytes(32).toString('base64url'),
      ...process.env,
      BIGCOMMERCE_STORE_HASH: sandbox.storeHash,
      BIGCOMMERCE_ACCESS_TOKEN: sandbox.accessToken,
      BIGCOMMERCE_API_URL: sandbox.url,
      // The sandbox also plays the payments origin and the storefront (Customer Login API links).
      BIGCOMMERCE_PAYMENTS_URL: sandbox.url,
      STOREFRONT_URL: sandbox.url,
      BIGCOMMERCE_CLIENT_ID: sandbox.clientId,
      BIGCOMMERCE_CLIENT_SECRET: sandbox.clientSecret,
      NODE_ENV: 'development',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    });
  } catch (error) {
    await sandbox.close();
    return fail(error);
  }
  const app = buildApp(config, {
    logger: createLogger(config.logLevel),
    graphiqlDefaultQuery: EXAMPLE,
  });
  const url = await app.start(config.port, '127.0.0.1').catch(async (error) => {
    await sandbox.close();
    return fail(error, { name: 'gateway', port: config.port, variable: 'PORT' });
  });
  const partner = await app.keys.create({
    name: 'demo partner',
    scopes: ['catalog:read', 'catalog:read_hidden', 'orders:read', 'orders:write'],
  });
  const items = demoItems(sandbox.store);
  // The store calls the gateway back on every change, as `npm run webhooks:sync` sets up.
  const hooksClient = new HttpClient({
    baseUrl: config.apiUrl,
    storeHash: config.storeHash,
    accessToken: config.accessToken,
    ...config.upstream,
  });
  const hooks = await syncHooks(new HooksApi(hooksClient), {
    destination: `${url}${config.realtime.webhookPath}`,
  }).finally(() => hooksClient.close());
  const watched = items[0];
  stopOnShutdown({
    stop: async () => {
      await Promise.allSettled([app.stop(), sandbox.close()]);
      rmSync(keysDir, { recursive: true, force: true });
    },
    report: (message) => process.stdout.write(`demo: ${message}\n`),
    followParent: true,
  });
  process.stdout.write(
    [
      '',
      `  Sandbox store  ${sandbox.url}/stores/${sandbox.storeHash}/v3  (X-Auth-Token: ${sandbox.accessToken}, not a secret)`,
      `  Gateway        ${url}/graphql`,
      `  GraphiQL       open ${url}/graphql in a browser`,
      `  Metrics        ${app.metricsUrl}/metrics`,
      `  Cache          ${config.redisUrl ? 'Redis' : 'in-memory (set REDIS_URL for Redis)'}`,
      '',
      '  Try:',
      `  curl -s ${url}/graphql -H 'content-type: application/json' \\`,
      `    -d '{"query":"{ products(first: 3) { totalCount edges { node { name prices { price { amount } } } } } }"}'`,
      '',
      '  Or paste into GraphiQL:',
      EXAMPLE.split('\n')
        .map((line) => `    ${line}`)
        .join('\n'),
      '',
      `  A partner API key (${partner.info.scopes.join(', ')}), shown once:`,
      `    ${partner.key}`,
      '  It may see hidden products, which anonymous callers may not:',
      `  curl -s ${url}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${partner.key}' \\`,
      `    -d '{"query":"{ products(first: 3, filter: { isVisible: false }) { totalCount edges { node { name isVisible } } } }"}'`,
      '  More keys: npm run keys -- create --name NAME --scopes catalog:read (same API_KEYS_FILE / REDIS_URL).',
      '',
      `  A customer: ${DEMO_CUSTOMER_CREDENTIALS.email} / ${DEMO_CUSTOMER_CREDENTIALS.password}. Sign in in GraphiQL:`,
      `    mutation { login(input: { email: "${DEMO_CUSTOMER_CREDENTIALS.email}", password: "${DEMO_CUSTOMER_CREDENTIALS.password}" }) {`,
      '      ... on CustomerSession { accessToken refreshToken expiresAt customer { firstName email } }',
      '      ... on Error { code message } } }',
      '  then put {"Authorization": "Bearer <accessToken>"} in the Headers tab and ask:',
      '    { me { firstName lastName email addresses { city countryCode } storeCredit { amount currencyCode } } }',
      '',
      '  A whole purchase, step by step (paste each into GraphiQL, with its variables):',
      '',
      purchaseWalkthrough({
        items,
        email: DEMO_CUSTOMER_CREDENTIALS.email,
        password: DEMO_CUSTOMER_CREDENTIALS.password,
        coupon: SANDBOX_COUPONS.percentage.code,
      }),
      '',
      '  Then ship it as the partner (orders:write): with the partner key in Authorization,',
      '    mutation { createShipment(input: { orderEntityId: <order.entityId>, trackingNumber: "1Z999AA10123456784",',
      '      carrier: "ups", items: [{ orderLineItemEntityId: <order.lineItems[0].entityId>, quantity: 1 }] }) {',
      '      ... on CreateShipmentPayload { shipment { trackingNumber trackingLink } } ... on Error { code message } } }',
      '  and the customer sees it in step 11.',
      '',
      `  Live updates: the store calls ${url}${config.realtime.webhookPath} back (${hooks.length} hooks registered).`,
      '  Subscribe in GraphiQL (it streams over SSE; graphql-ws clients use ws://…/graphql):',
      `    subscription { productUpdated(entityIds: [${watched.productEntityId}]) { eventId occurredAt product { name variants { entityId sku price { amount } inventoryLevel } } } }`,
      '  then change the product in the store, and watch the event arrive:',
      `  curl -s -X PUT ${sandbox.url}/stores/${sandbox.storeHash}/v3/catalog/products/${watched.productEntityId}/variants/${watched.variantEntityId} \\`,
      `    -H 'x-auth-token: ${sandbox.accessToken}' -H 'content-type: application/json' -H 'accept: application/json' \\`,
      `    -d '{"price": 12.34, "inventory_level": 42}'`,
      '',
      '  Ctrl-C (or SIGTERM/SIGHUP, or killing npm) stops the gateway and the sandbox store.',
      '',
    ].join('\n'),
  );
}

/** Two visible products with a variant in stock: what the walkthrough buys. */
function demoItems(store: Awaited<ReturnType<typeof createSandbox>>['store']) {
  const picks = store.products.flatMap((product) => {
    if (!product.is_visible || product.availability === 'disabled') return [];
    const variant = store.variants
      .get(product.id)
      ?.find((v) => !v.purchasing_disabled && (v.inventory_level ?? 0) > 5);
    return variant ? [{ productEntityId: product.id, variantEntityId: variant.id }] : [];
  });
  const [first, second] = picks;
  if (!first || !second) throw new Error('The sandbox store has nothing to buy');
  return [first, second] as const;
}

/** Says what went wrong in one line (a taken port names its variable) and exits. */
function fail(error: unknown, listening?: Parameters<typeof describeListenError>[1]): never {
  const message =
    (error instanceof ListenError ? error.message : undefined) ??
    (listening && describeListenError(error, listening)) ??
    (error instanceof Error ? error.message : String(error));
  process.stderr.write(`demo: ${message}\n`);
  process.exit(1);
}

void main();
