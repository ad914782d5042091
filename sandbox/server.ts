import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerCartRoutes } from './carts/routes.js';
import { registerCheckoutRoutes } from './checkouts/routes.js';
import { handleControl } from './control.js';
import { RequestCounters } from './counters.js';
import { createCurrentCustomerJwtMinter } from './customers/current-customer-jwt.js';
import { registerCustomerRoutes } from './customers/routes.js';
import { dispatch } from './dispatch.js';
import { FaultInjector } from './faults.js';
import { registerHookRoutes } from './hooks/routes.js';
import type { HookStore } from './hooks/store.js';
import { registerInventoryRoutes } from './inventory/routes.js';
import { registerOrderRoutes } from './orders/routes.js';
import { handlePayment, PAYMENTS_PATH } from './payments/process-payment.js';
import { registerPaymentRoutes } from './payments/routes.js';
import { registerPromotionRoutes } from './promotions/routes.js';
import { FixedWindowQuota, type Quota } from './rate-limit.js';
import { Router } from './router.js';
import { registerBrandRoutes } from './routes/brands.js';
import { registerBulkPricingWriteRoutes } from './routes/bulk-pricing-writes.js';
import { registerCategoryRoutes } from './routes/categories.js';
import { registerProductResourceRoutes } from './routes/product-resources.js';
import { registerProductWriteRoutes } from './routes/product-writes.js';
import { registerProductRoutes } from './routes/products.js';
import { registerTaxonomyWriteRoutes } from './routes/taxonomy-writes.js';
import { registerTreeRoutes } from './routes/trees.js';
import { registerVariantWriteRoutes } from './routes/variant-writes.js';
import { registerVariantRoutes } from './routes/variants.js';
import { SandboxStore } from './store.js';
import { handleLoginToken } from './storefront/login-token.js';

export type { FaultKind, FaultRule } from './faults.js';
export type { Quota } from './rate-limit.js';
export { FaultInjector, RequestCounters, SandboxStore };

export interface SandboxOptions {
  /** @default 0 (an ephemeral port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 'sandbox1' */
  storeHash?: string;
  /** The `X-Auth-Token` every store request must carry. @default 'sandbox-token' */
  accessToken?: string;
  /** The app client id a storefront's current-customer JWT is issued for. @default 'sandbox-client-id' */
  clientId?: string;
  /** That app's client secret, the JWT's HS256 key (not a secret here). @default 'sandbox-client-secret' */
  clientSecret?: string;
  /** How many products to seed. @default 300 */
  products?: number;
  /** @default 1 */
  seed?: number;
  /** @default { requests: 450, windowMs: 30000 } */
  quota?: Quota;
  /** Added before every store answer. @default 0 */
  latencyMs?: number;
  /** Time for the quota window and for delays (latency faults), so tests need no real waits. @default real time */
  clock?: SandboxClock;
  /**
   * Waits before redelivering a callback that failed (non-2xx or no answer), one retry per entry,
   * on `clock` when given; after the last the hook is deactivated. Tests pass a few ms.
   * @default BigCommerce's schedule: 60 s, 180 s, 300 s, ... (about 48 h)
   */
  webhookRetryDelaysMs?: readonly number[];
  /** Per callback attempt. @default 5000 */
  webhookTimeoutMs?: number;
}

/** What the sandbox needs of time. */
export interface SandboxClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface Sandbox {
  /** The origin, e.g. `http://127.0.0.1:PORT`: the value for BIGCOMMERCE_API_URL. */
  url: string;
  storeHash: string;
  accessToken: string;
  clientId: string;
  clientSecret: string;
  store: SandboxStore;
  counters: RequestCounters;
  faults: FaultInjector;
  /** Webhooks (`/v3/hooks`) and their callbacks: `deliveries()`, `whenDelivered(n)`, `redeliver(id)`. */
  hooks: HookStore;
  /** Replaces the quota and starts a fresh window. */
  setQuota(quota: Quota): void;
  /** Ends every connection, including keep-alive sockets and hung requests. */
  close(): Promise<void>;
}

/** One resource module per line; later resources (customers, carts, orders) register here. */
const ROUTE_MODULES = [
  registerProductRoutes,
  registerProductResourceRoutes,
  registerVariantRoutes,
  registerVariantWriteRoutes,
  registerBrandRoutes,
  registerCategoryRoutes,
  registerTreeRoutes,
  registerCustomerRoutes,
  // commerce: route modules of the commerce domains.
  registerTaxonomyWriteRoutes,
  registerBulkPricingWriteRoutes,
  registerPromotionRoutes,
  registerInventoryRoutes,
  registerProductWriteRoutes,
  registerHookRoutes,
  registerCartRoutes,
  registerCheckoutRoutes,
  registerOrderRoutes,
  registerPaymentRoutes,
];

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const storeHash = options.storeHash ?? 'sandbox1';
  const accessToken = options.accessToken ?? 'sandbox-token';
  const clientId = options.clientId ?? 'sandbox-client-id';
  const clientSecret = options.clientSecret ?? 'sandbox-client-secret';
  const store = new SandboxStore({ products: options.products, seed: options.seed, storeHash });
  store.hooks.configure({
    clientId,
    clientSecret,
    retryDelaysMs: options.webhookRetryDelaysMs,
    timeoutMs: options.webhookTimeoutMs,
    clock: options.clock,
  });
  const router = new Router();
  for (const register of ROUTE_MODULES) register(router, store);
  const counters = new RequestCounters();
  const faults = new FaultInjector();
  const clock = options.clock;
  const quota = new FixedWindowQuota(
    options.quota ?? { requests: 450, windowMs: 30_000 },
    clock ? () => clock.now() : Date.now,
  );
  const timers = new Set<NodeJS.Timeout>();
  const hung = new Set<ServerResponse>();
  let closed = false;

  const deps = {
    router,
    counters,
    faults,
    quota,
    storeHash,
    accessToken,
    latencyMs: options.latencyMs ?? 0,
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        if (closed) return;
        if (clock) {
          void clock.sleep(ms).then(() => {
            if (!closed) resolve();
          });
          return;
        }
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.add(timer);
      }),
    hold: (res: ServerResponse) => {
      hung.add(res);
      res.on('close', () => hung.delete(res));
    },
  };

  const mintCustomerJwt = createCurrentCustomerJwtMinter({
    customers: store.customers,
    storeHash,
    clientId,
    clientSecret,
    now: clock ? () => clock.now() : Date.now,
  });
  const loginDeps = {
    storeHash,
    clientId,
    clientSecret,
    customers: store.customers,
    now: clock ? () => clock.now() : Date.now,
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    // commerce: origins the sandbox also plays (payments `/stores/{hash}/payments`, storefront `/login/token/{jwt}`)
    // are routed here, before `dispatch`, since they authenticate differently.
    const handled = url.pathname.startsWith('/__sandbox/')
      ? handleControl(req, res, url.pathname, {
          counters,
          faults,
          quota,
          mintCustomerJwt,
          hooks: store.hooks,
        })
      : url.pathname.startsWith('/login/token/')
        ? handleLoginToken(req, res, url, loginDeps)
        : PAYMENTS_PATH.test(url.pathname)
          ? handlePayment(req, res, url, { storeHash, store, counters })
          : dispatch(req, res, url, deps);
    handled.catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    storeHash,
    accessToken,
    clientId,
    clientSecret,
    store,
    counters,
    faults,
    hooks: store.hooks,
    setQuota: (q) => quota.set(q),
    close: async () => {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await Promise.all([done, store.hooks.close()]);
    },
  };
}
