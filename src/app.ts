import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Dispatcher } from 'undici';
import type { KeyStore } from './auth/api-keys/key-store.js';
import { openKeyStore } from './auth/api-keys/open-key-store.js';
import { createAuthenticator, credentialsFromHeaders } from './auth/authenticate.js';
import { clientIpOf, createClientIpResolver } from './auth/client-ip.js';
import { createCustomerLoginLinks } from './auth/customer-login-url.js';
import { createRateLimiter } from './auth/rate-limiter.js';
import { createSessionService } from './auth/sessions/session-service.js';
import { createCachePolicy } from './cache/cache-policy.js';
import { createCacheFromConfig } from './cache/create-cache.js';
import {
  createEntityCache,
  createPassThroughEntityCache,
  type EntityCache,
} from './cache/entity-cache.js';
import { createInvalidator, type Invalidator } from './cache/invalidator.js';
import type { Config } from './config.js';
import { type Context, createContext } from './context.js';
import { createGovernor } from './create-governor.js';
import { HttpClient } from './datasources/http-client.js';
import { createPaymentsEndpoint } from './datasources/payments.js';
import type { QuotaGovernor } from './datasources/quota.js';
import { maskError } from './errors.js';
import { createWarmAnswerServer } from './fast-path/serve-warm-answer.js';
import { useAnswerRecorder } from './fast-path/use-answer-recorder.js';
import { createIdempotencyStore } from './idempotency/create-idempotency-store.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createMetricsServer } from './metrics-server.js';
import { createPersistedDocumentStore } from './persisted/document-store.js';
import { loadPersistedManifest } from './persisted/manifest.js';
import { useBodyLimit } from './plugins/use-body-limit.js';
import { browserPolicy, corsPolicy } from './plugins/use-browser-policy.js';
import { useCompiledCatalogReads } from './plugins/use-compiled-catalog-reads.js';
import { useErrorLog } from './plugins/use-error-log.js';
import { useGraphiqlOffPage } from './plugins/use-graphiql-off-page.js';
import { useHealth } from './plugins/use-health.js';
import { publicAnswerTtlSeconds, useHttpCaching } from './plugins/use-http-caching.js';
import {
  createOperatorCheck,
  graphiqlFor,
  useIntrospectionGate,
} from './plugins/use-introspection-gate.js';
import { useMetrics } from './plugins/use-metrics.js';
import { usePersistedOperations } from './plugins/use-persisted-operations.js';
import { createAnswerTagger, usePublicResponseCache } from './plugins/use-public-response-cache.js';
import { useQueryLimits } from './plugins/use-query-limits.js';
import { useRateLimit } from './plugins/use-rate-limit.js';
import { useRequestId } from './plugins/use-request-id.js';
import { useRequestLog } from './plugins/use-request-log.js';
import { useStaleExtensions } from './plugins/use-stale-extensions.js';
import { useTokenLimit } from './plugins/use-token-limit.js';
import { useViewer, viewerOf } from './plugins/use-viewer.js';
import { createEventBus, type EventBus } from './pubsub/event-bus.js';
import { createRedisOwner, type RedisOwner } from './redis/redis-owner.js';
import { schema } from './schema/index.js';
import { useEventStream } from './subscriptions/use-event-stream.js';
import { useSubscriptions } from './subscriptions/use-subscriptions.js';
import { attachGraphqlWs } from './subscriptions/ws-server.js';
import { createWebhookReceiver } from './webhooks/receiver.js';
import type { WebhookTuning } from './webhooks/tuning.js';

export interface AppDeps {
  logger?: Logger;
  /** Replaces the upstream pool (tests use undici's MockAgent). */
  dispatcher?: Dispatcher;
  governor?: QuotaGovernor;
  /**
   * The owner of every Redis connection (cache, invalidation bus, quota). Created from
   * `REDIS_URL` by default and closed by `stop()`; `null` means no Redis whatever the config.
   * One passed in stays open: whoever made it closes it.
   */
  redis?: RedisOwner | null;
  /** Clock of the entity cache's freshness decisions (tests move it). @default Date.now */
  now?: () => number;
  /** Extra Yoga plugins, appended after the built-in ones. */
  plugins?: Plugin[];
  /** Prometheus metrics; a fresh registry by default. */
  metrics?: Metrics;
  /** The query GraphiQL opens with (development only). */
  graphiqlDefaultQuery?: string;
  /** Webhook worker timings (claim timeout, retry delays); tests shorten them. */
  webhooks?: Partial<WebhookTuning>;
}

export interface App {
  yoga: YogaServerInstance<Record<string, unknown>, Context>;
  server: Server;
  /** Evicts cached entities on every replica; the webhook receiver calls it. */
  invalidator: Invalidator;
  /** Partner and internal API keys: Redis with `REDIS_URL`, else `API_KEYS_FILE`. */
  keys: KeyStore;
  /** Live events for subscriptions; the webhook receiver publishes to it. */
  events: EventBus;
  /**
   * Listens on `port` (0 = ephemeral) and resolves with the base URL; the metrics listener starts
   * first, on `METRICS_HOST:METRICS_PORT`.
   */
  start(port?: number, host?: string): Promise<string>;
  /** The metrics listener's base URL (`/metrics` below it) once started. */
  readonly metricsUrl: string | undefined;
  /** Stops accepting, lets in-flight requests finish, then closes upstream and cache connections. */
  stop(): Promise<void>;
}

export function buildApp(config: Config, deps: AppDeps = {}): App {
  const logger = deps.logger ?? createLogger(config.logLevel);
  const metrics = deps.metrics ?? createMetrics();
  const redis = resolveRedis(config, deps, logger);
  const ownRedis = deps.redis === undefined && redis !== undefined;
  const governor = deps.governor ?? createGovernor(config, redis);
  const http = new HttpClient({
    baseUrl: config.apiUrl,
    storeHash: config.storeHash,
    accessToken: config.accessToken,
    ...config.upstream,
    governor,
    logger,
    dispatcher: deps.dispatcher,
    onCall: metrics.upstreamCall,
  });
  const caching = config.cache.mode === 'on';
  const cacheStore = createCacheFromConfig(config, logger, caching ? redis : undefined);
  const cache: EntityCache = caching
    ? createEntityCache({
        store: cacheStore.store,
        logger,
        now: deps.now,
        policy: createCachePolicy(config.cache),
        onLookup: metrics.cacheLookup,
      })
    : createPassThroughEntityCache();
  const invalidator = createInvalidator(cacheStore.store, config.storeHash);
  let draining = false;
  const clientIp = createClientIpResolver(config.access.trustProxy);
  const keys = openKeyStore({
    redis,
    storeHash: config.storeHash,
    apiKeysFile: config.access.apiKeysFile,
    roleRateLimits: config.access.rateLimits,
    logger,
  });
  const sessions = createSessionService({ config, redis, logger, now: deps.now });
  const payments = createPaymentsEndpoint({
    url: config.commerce.paymentsUrl,
    storeHash: config.storeHash,
    connectTimeoutMs: config.upstream.connectTimeoutMs,
    headersTimeoutMs: config.upstream.headersTimeoutMs,
    bodyTimeoutMs: config.upstream.bodyTimeoutMs,
    logger,
    dispatcher: deps.dispatcher,
  });
  const idempotency = createIdempotencyStore({
    redis,
    storeHash: config.storeHash,
    ttlSeconds: config.commerce.idempotencyTtlSeconds,
    logger,
    now: deps.now,
  });
  // realtime: the event bus (subscriptions) and the webhook receiver that feeds it.
  const events = createEventBus({
    redis,
    storeHash: config.storeHash,
    logger,
    resumeWindowSeconds: config.realtime.resumeWindowSeconds,
  });
  const webhooks = createWebhookReceiver({
    config,
    redis,
    logger,
    metrics,
    http,
    invalidator,
    events,
    now: deps.now,
    tuning: deps.webhooks,
  });
  const loginLinks = createCustomerLoginLinks({
    storefrontUrl: config.commerce.storefrontUrl,
    storeHash: config.storeHash,
    clientId: config.access.clientId,
    clientSecret: config.access.clientSecret,
    now: deps.now,
  });
  const authenticate = createAuthenticator({
    apiKey: keys.verify,
    accessToken: sessions.verifyAccessToken,
  });
  const isOperator = createOperatorCheck({ authenticate, clientIp });
  const rateLimiter = createRateLimiter({ redis, storeHash: config.storeHash, logger });
  const manifest = loadPersistedManifest(config.access.persistedOperationsFile);
  const documents = createPersistedDocumentStore({ redis, storeHash: config.storeHash });
  // Warm answers, served before Yoga; only where the whole-response cache keeps answers at all.
  const answerTtlSeconds = caching ? publicAnswerTtlSeconds(config.cache) : 0;
  const answerTags = createAnswerTagger(config.storeHash);
  const serveWarmAnswer =
    answerTtlSeconds > 0
      ? createWarmAnswerServer({
          graphqlPath: GRAPHQL_PATH,
          storeHash: config.storeHash,
          store: cacheStore.store,
          authenticate,
          clientIp,
          limiter: rateLimiter,
          limits: config.access.rateLimits,
          manifest,
          documents,
          logger,
          metrics,
          maxBodyBytes: FAST_PATH_MAX_BODY_BYTES,
        })
      : undefined;
  const metricsServer = createMetricsServer(metrics.registry);
  let metricsUrl: string | undefined;

  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    // The viewer `useViewer` found; a request it did not see is authenticated here, the same way.
    context: async (initial) =>
      createContext(
        {
          http,
          cache,
          storeHash: config.storeHash,
          currencyCode: config.currencyCode,
          logger,
          sessions,
          payments,
          idempotency,
          loginLinks,
          events,
          invalidator,
        },
        initial.request,
        viewerOf(initial.request) ??
          (await authenticate(
            credentialsFromHeaders(
              initial.request.headers,
              clientIpOf(clientIp, initial.request, initial),
            ),
          )),
      ),
    // GraphiQL's assets are bundled (render-graphiql), so it works without reaching a CDN.
    // Off in production, except for a browser that sends an internal key.
    graphiql: graphiqlFor({
      development: config.development,
      graphiql: { title: 'BigCommerce gateway', defaultQuery: deps.graphiqlDefaultQuery },
      isOperator,
    }),
    cors: corsPolicy(config.access.corsOrigins),
    renderGraphiQL,
    landingPage: false,
    logging: logger,
    maskedErrors: { maskError: (error, message) => maskError(error, message) },
    plugins: [
      // First: the plugins that wrap execution below (rate limits) wrap the compiled form.
      ...useCompiledCatalogReads(),
      useRequestId(),
      useRequestLog(logger),
      useMetrics(metrics, { isOperator }),
      useBodyLimit(MAX_BODY_BYTES),
      useTokenLimit(),
      useHealth({ isDraining: () => draining }),
      useViewer({ authenticate, clientIp, graphqlPath: GRAPHQL_PATH }),
      // access: plugins that need the viewer go below this line
      ...useSubscriptions({
        cache,
        storeHash: config.storeHash,
        perKey: config.realtime.subscriptionsPerKey,
        limiter: rateLimiter,
        rateLimits: config.access.rateLimits,
      }),
      useEventStream({ graphqlPath: GRAPHQL_PATH }),
      useRateLimit({
        limiter: rateLimiter,
        limits: config.access.rateLimits,
        graphqlPath: GRAPHQL_PATH,
      }),
      useIntrospectionGate({ allowEveryone: config.development }),
      ...browserPolicy(config.access.corsOrigins),
      ...usePersistedOperations({ manifest, documents }),
      useHttpCaching({
        graphqlPath: GRAPHQL_PATH,
        publicMaxAgeSeconds: publicAnswerTtlSeconds(config.cache),
      }),
      ...(config.development ? [] : [useGraphiqlOffPage(GRAPHQL_PATH)]),
      useStaleExtensions(),
      useErrorLog(),
      // Before the response cache: a refused operation costs no cache lookup either.
      useQueryLimits(),
      // Whole answers (never longer-lived than the entities they show), and the recorder after
      // every plugin that changes responses, so it keeps what actually went out.
      ...(answerTtlSeconds > 0
        ? [
            useAnswerRecorder({
              store: cacheStore.store,
              ttlMs: answerTtlSeconds * 1000,
              answerTags,
            }),
            usePublicResponseCache({
              store: cacheStore.store,
              storeHash: config.storeHash,
              ttlMs: answerTtlSeconds * 1000,
              answerTags,
              onLookup: metrics.responseCache,
            }),
          ]
        : []),
      ...(deps.plugins ?? []),
    ],
  });
  const server = createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?', 1)[0] ?? '/';
    if (webhooks.handles(pathname)) void webhooks.handle(req, res);
    else if (serveWarmAnswer && pathname === GRAPHQL_PATH) {
      serveWarmAnswer(req, res).then(
        (served) => {
          if (!served) void yoga(req, res);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'fast path failed; answering through the pipeline');
          if (!res.headersSent) void yoga(req, res);
          else res.destroy();
        },
      );
    } else void yoga(req, res);
  });
  // realtime: graphql-ws shares the server and the GraphQL path.
  const ws = attachGraphqlWs({
    server,
    path: GRAPHQL_PATH,
    yoga,
    authenticate,
    config,
    logger,
  });

  return {
    yoga,
    server,
    invalidator,
    keys,
    events,
    get metricsUrl() {
      return metricsUrl;
    },
    start: async (port = config.port, host = config.host) => {
      // The first requests find Redis connected, unless it does not answer soon: then they are
      // served without it, as during any outage.
      if (redis) await Promise.race([redis.ready(), delay(REDIS_START_WAIT_MS)]);
      metricsUrl = await metricsServer.start(config.access.metricsPort, config.access.metricsHost);
      await webhooks.start();
      return new Promise((resolve, reject) => {
        server.once('error', (error) => {
          metricsServer.stop().finally(() => reject(error));
        });
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host;
          resolve(`http://${shownHost}:${address.port}`);
        });
      });
    },
    stop: async () => {
      draining = true;
      await Promise.all([
        closeGracefully(server, DRAIN_TIMEOUT_MS),
        metricsServer.stop(),
        ws.close(),
        webhooks.stop(),
        // Ends every subscription first, so SSE streams complete instead of holding the drain.
        events.close(),
      ]);
      // An injected governor belongs to whoever made it.
      const ownGovernor = deps.governor ? undefined : governor.close?.();
      await Promise.allSettled([
        http.close(),
        cacheStore.close(),
        ownGovernor,
        keys.close(),
        payments.close(),
        idempotency.close(),
      ]);
      await sessions.close();
      // After its users, so nothing they do on the way out meets a closed connection.
      if (ownRedis) await redis?.close();
    },
  };
}

/** Yoga's default endpoint, where GraphQL (and GraphiQL, in development) is served. */
const GRAPHQL_PATH = '/graphql';

/** The largest request body accepted; persisted or plain, a real operation is far smaller. */
const MAX_BODY_BYTES = 256 * 1024;

/** Bodies the fast path reads itself; a warm query is a few KB, anything larger is Yoga's. */
const FAST_PATH_MAX_BODY_BYTES = 64 * 1024;

/** The longest start-up waits for Redis before serving without it. */
const REDIS_START_WAIT_MS = 2_000;

/** Resolves after `ms` without holding the process open. */
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** How long in-flight requests get to finish on shutdown before their sockets are cut. */
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Stops accepting, lets in-flight requests finish, and closes keep-alive sockets as soon as they
 * go idle (Node only closes idle ones when asked), cutting whatever is left at the deadline.
 */
function closeGracefully(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** The injected Redis owner, else one made from `REDIS_URL`, else none (everything in memory). */
function resolveRedis(config: Config, deps: AppDeps, logger: Logger): RedisOwner | undefined {
  if (deps.redis !== undefined) return deps.redis ?? undefined;
  return config.redisUrl ? createRedisOwner({ url: config.redisUrl, logger }) : undefined;
}
