import { type AuditLog, createAuditLog } from './auth/audit.js';
import type { SessionService } from './auth/sessions/session-service.js';
import { priorityOf, type Viewer, viewerLabel } from './auth/viewer.js';
import type { EntityCache } from './cache/entity-cache.js';
import { CatalogApi } from './datasources/catalog.js';
import { CustomersApi } from './datasources/customers.js';
import type { HttpClient } from './datasources/http-client.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { Logger } from './logger.js';
import { requestIdOf } from './plugins/use-request-id.js';
import { type ProductShapeResolver, productShapeOf } from './schema/catalog/product-shape.js';
import {
  type CustomerLoaders,
  createCustomerLoaders,
} from './schema/customers/customer-loaders.js';
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
}

export interface ContextDeps {
  http: HttpClient;
  cache: EntityCache;
  storeHash: string;
  currencyCode: string;
  logger: Logger;
  sessions: SessionService;
}

export function createContext(deps: ContextDeps, request: Request, viewer: Viewer): Context {
  const requestId = requestIdOf(request);
  const log = deps.logger.child({ requestId, ...viewerLabel(viewer) });
  const upstream = { requestId, priority: priorityOf(viewer) };
  const catalog = new CatalogApi(deps.http, upstream);
  const stale = createStaleReport();
  const customers = new CustomersApi(deps.http, upstream);
  return {
    requestId,
    viewer,
    currencyCode: deps.currencyCode,
    log,
    catalog,
    loaders: createLoaders({ catalog, cache: deps.cache, storeHash: deps.storeHash, stale }),
    productShape: productShapeOf,
    stale,
    customers,
    customerLoaders: createCustomerLoaders(customers),
    sessions: deps.sessions,
    audit: createAuditLog(deps.logger, { requestId, viewer }),
  };
}
