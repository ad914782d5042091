import { createSandbox } from '../sandbox/server.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';

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
          price { value currencyCode }
          priceRange { min { value } max { value } }
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
  const sandbox = await createSandbox({
    port: Number(process.env.SANDBOX_PORT ?? 4010),
    products: 500,
  });
  const config = loadConfig({
    ...process.env,
    BIGCOMMERCE_STORE_HASH: sandbox.storeHash,
    BIGCOMMERCE_ACCESS_TOKEN: sandbox.accessToken,
    BIGCOMMERCE_API_URL: sandbox.url,
    NODE_ENV: 'development',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const app = buildApp(config, {
    logger: createLogger(config.logLevel),
    graphiqlDefaultQuery: EXAMPLE,
  });
  const url = await app.start(config.port, '127.0.0.1');
  process.stdout.write(
    [
      '',
      `  Sandbox store  ${sandbox.url}/stores/${sandbox.storeHash}/v3  (token: sandbox, not a secret)`,
      `  Gateway        ${url}/graphql`,
      `  GraphiQL       open ${url}/graphql in a browser`,
      `  Cache          ${config.redisUrl ? 'Redis' : 'in-memory (set REDIS_URL for Redis)'}`,
      '',
      '  Try:',
      `  curl -s ${url}/graphql -H 'content-type: application/json' \\`,
      `    -d '{"query":"{ products(first: 3) { totalCount edges { node { name prices { price { value } } } } } }"}'`,
      '',
      '  Or paste into GraphiQL:',
      EXAMPLE.split('\n')
        .map((line) => `    ${line}`)
        .join('\n'),
      '',
    ].join('\n'),
  );
  const stop = () => {
    void Promise.allSettled([app.stop(), sandbox.close()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
