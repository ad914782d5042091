import { type AuditLog, createAuditLog } from './auth/audit.js';
import type { CustomerLoginLinks } from './auth/customer-login-url.js';
import type { SessionService } from './auth/sessions/session-service.js';
import { priorityOf, type Viewer, viewerLabel } from './auth/viewer.js';
import type { EntityCache } from './cache/entity-cache.js';
import type { Invalidator } from './cache/invalidator.js';
import { CartsApi } from './datasources/carts.js';
import { CatalogApi } from './datasources/catalog.js';
import { CatalogWritesApi } from './datasources/catalog-writes.js';
import { CheckoutsApi } from './datasources/checkouts.js';
import { CustomersApi } from './datasources/customers.js';
import { HooksApi } from './datasources/hooks.js';
import type { HttpClient } from './datasources/http-client.js';
import { InventoryApi } from './datasources/inventory.js';
import { OrdersApi } from './datasources/orders.js';
import { PaymentsApi, type PaymentsEndpoint } from './datasources/payments.js';
import { PromotionsApi } from './datasources/promotions.js';
import type { IdempotencyStore } from './idempotency/idempotency.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { Logger } from './logger.js';
import { requestIdOf } from './plugins/use-request-id.js';
import type { EventBus } from './pubsub/event-bus.js';
import { type ProductShapeResolver, productShapeOf } from './schema/catalog/product-shape.js';
import { type CartLoaders, createCartLoaders } from './schema/commerce/cart-loaders.js';
import {
  type CustomerLoaders,
  createCustomerLoaders,
} from './schema/customers/customer-loaders.js';
import { createOrderLoaders, type OrderLoaders } from './schema/orders/order-loaders.js';
import { createStaleReport, type StaleReport } from './stale-report.js';

/** What every resolver gets. Built fresh for each operation: nothing here is shared across viewers. */
export interface Context {
  requestId: string;
  /** Who is calling; scopes, limits, upstream priority and cache public-ness derive from it. */
  viewer: Viewer;
  /** The store's currency code, for `Money`. */
  currencyCode: string;
  log: Logger;
  catalog: CatalogApi;
  /** Product and variant writes (back office, `catalog:write`). */
  catalogWrites: CatalogWritesApi;
  loaders: Loaders;
  /** The upstream product shape (include set, fields) this operation needs, computed once. */
  productShape: ProductShapeResolver;
  /** Cache entries served stale in this operation, reported in the response's `extensions`. */
  stale: StaleReport;
  /** Customer reads and credential checks, for this request's viewer. */
  customers: CustomersApi;
  /** Per-request only: customers never enter the shared entity cache. */
  customerLoaders: CustomerLoaders;
  /** Customer sign-in, refresh and sign-out (process-wide). */
  sessions: SessionService;
  /** One JSON audit line per write (`src/auth/audit.ts`). */
  audit: AuditLog;
  carts: CartsApi;
  checkouts: CheckoutsApi;
  /** Per-request only, like customers. */
  cartLoaders: CartLoaders;
  orders: OrdersApi;
  orderLoaders: OrderLoaders;
  payments: PaymentsApi;
  /** `idempotencyKey`s of `createCart`, `placeOrder`, `payOrder` (process-wide, Redis-backed). */
  idempotency: IdempotencyStore;
  /** Customer Login API links for hosted checkout; null when not configured. */
  loginLinks: CustomerLoginLinks | null;
  /** Live events for subscriptions (process-wide, across replicas). */
  events: EventBus;
  /** Evicts what a write changed, on every replica, without waiting for its webhook. */
  invalidator: Invalidator;
  /** The app's webhooks and their admin view (back office, `webhooks:*` scopes). */
  hooks: HooksApi;
  /** Promotions and coupon codes (back office, `promotions:write`). */
  promotions: PromotionsApi;
  /** Stock per location and adjustments (back office, `inventory:write`). */
  inventory: InventoryApi;
}

export interface ContextDeps {
  http: HttpClient;
  cache: EntityCache;
  storeHash: string;
  currencyCode: string;
  logger: Logger;
  sessions: SessionService;
  payments: PaymentsEndpoint;
  idempotency: IdempotencyStore;
  loginLinks: CustomerLoginLinks | null;
  events: EventBus;
  invalidator: Invalidator;
}

export function createContext(deps: ContextDeps, request: Request, viewer: Viewer): Context {
  const requestId = requestIdOf(request);
  const log = deps.logger.child({ requestId, ...viewerLabel(viewer) });
  const upstream = { requestId, priority: priorityOf(viewer) };
  const catalog = new CatalogApi(deps.http, upstream);
  const stale = createStaleReport();
  const customers = new CustomersApi(deps.http, upstream);
  const carts = new CartsApi(deps.http, upstream);
  const orders = new OrdersApi(deps.http, upstream);
  return {
    requestId,
    viewer,
    currencyCode: deps.currencyCode,
    log,
    catalog,
    catalogWrites: new CatalogWritesApi(deps.http, upstream),
    loaders: createLoaders({ catalog, cache: deps.cache, storeHash: deps.storeHash, stale }),
    productShape: productShapeOf,
    stale,
    customers,
    customerLoaders: createCustomerLoaders(customers),
    sessions: deps.sessions,
    audit: createAuditLog(deps.logger, { requestId, viewer }),
    carts,
    checkouts: new CheckoutsApi(deps.http, upstream),
    cartLoaders: createCartLoaders(carts),
    orders,
    orderLoaders: createOrderLoaders(orders),
    payments: new PaymentsApi(deps.http, deps.payments, upstream),
    idempotency: deps.idempotency,
    loginLinks: deps.loginLinks,
    events: deps.events,
    invalidator: deps.invalidator,
    inventory: new InventoryApi(deps.http, upstream),
    hooks: new HooksApi(deps.http, upstream),
    promotions: new PromotionsApi(deps.http, upstream),
  };
}
