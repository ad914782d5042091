import { z } from 'zod';
import { isTrustedProxyEntry } from './auth/client-ip.js';
import { parseRateLimit } from './auth/rate-limit-spec.js';
import type { RateLimitSpec } from './auth/viewer.js';

const intFromEnv = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const rateLimitFromEnv = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const spec = parseRateLimit(text);
      if (!spec) ctx.addIssue({ code: 'custom', message: 'must look like 600/60s (s, m, h or d)' });
      return spec ?? { requests: 1, windowSeconds: 1 };
    });

/** A comma-separated list, blanks dropped. */
const listFromEnv = z
  .string()
  .default('')
  .transform((text) =>
    text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

/** Every setting the gateway reads from the environment. `config.ts` is the only reader of `process.env`. */
const envSchema = z.object({
  BIGCOMMERCE_STORE_HASH: z
    .string({ error: 'is required' })
    .regex(/^[a-z0-9]+$/i, 'must be the alphanumeric store hash'),
  BIGCOMMERCE_ACCESS_TOKEN: z.string({ error: 'is required' }).min(1, 'is required'),
  /** @default https://api.bigcommerce.com */
  BIGCOMMERCE_API_URL: z
    .url({ error: 'must be an http(s) URL' })
    .default('https://api.bigcommerce.com'),
  /** The store's default currency, for `Money` values (REST catalog prices carry none). @default USD */
  BIGCOMMERCE_CURRENCY_CODE: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO-4217 code such as USD')
    .default('USD'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' })
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('production'),
  /** Upstream connect timeout. @default 5000 */
  UPSTREAM_CONNECT_TIMEOUT_MS: intFromEnv(5_000),
  /** Upstream time to response headers. @default 10000 */
  UPSTREAM_HEADERS_TIMEOUT_MS: intFromEnv(10_000),
  /** Upstream time between body chunks. @default 10000 */
  UPSTREAM_BODY_TIMEOUT_MS: intFromEnv(10_000),
  /** Keep-alive connections per upstream origin. @default 32 */
  UPSTREAM_CONNECTIONS: intFromEnv(32),
  /** Retries for idempotent requests on network errors and 502/503/504. @default 2 */
  UPSTREAM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  /** The longest a 429 reset is waited out before giving up. @default 15000 */
  UPSTREAM_MAX_RATE_LIMIT_WAIT_MS: intFromEnv(15_000),
  /** Cache TTLs in seconds per resource type. */
  CACHE_TTL_PRODUCT_S: intFromEnv(300),
  CACHE_TTL_CATEGORY_S: intFromEnv(900),
  CACHE_TTL_BRAND_S: intFromEnv(900),
  CACHE_TTL_LIST_S: intFromEnv(60),
  /** How long past its TTL a cached entry may be served while revalidating. @default 60 */
  CACHE_STALE_WHILE_REVALIDATE_S: z.coerce.number().int().min(0).default(60),
  /** How long past its TTL a cached entry may be served when upstream fails. @default 3600 */
  CACHE_STALE_IF_ERROR_S: z.coerce.number().int().min(0).default(3_600),
  /** Whole-response cache for anonymous catalog queries, in seconds; 0 turns it off. @default 30 */
  RESPONSE_CACHE_TTL_S: z.coerce.number().int().min(0).default(30),
  /**
   * `on`: entity and whole-response caches. `off`: neither (DataLoader batching stays), for
   * diagnosis and for measuring cold paths. @default on
   */
  CACHE_MODE: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  /** Bound of the in-memory cache. */
  CACHE_MEMORY_MAX_ENTRIES: intFromEnv(50_000),
  CACHE_MEMORY_MAX_BYTES: intFromEnv(64 * 1024 * 1024),

  // Access: keys, sessions, limits, browsers.
  /** The app's client id and secret: current-customer JWTs, customer login links, webhook signatures. */
  BIGCOMMERCE_CLIENT_ID: z.string().min(1).optional(),
  BIGCOMMERCE_CLIENT_SECRET: z.string().min(1).optional(),
  /** The channel customers sign in to (validate-credentials). @default 1 */
  BIGCOMMERCE_CHANNEL_ID: intFromEnv(1),
  /** BigCommerce's payments origin (`POST /stores/{hash}/payments`), apart from the API's. */
  BIGCOMMERCE_PAYMENTS_URL: z
    .url({ error: 'must be an http(s) URL' })
    .default('https://payments.bigcommerce.com'),
  /** The storefront's origin, for Customer Login API links (`/login/token/{jwt}`). @default none */
  STOREFRONT_URL: z.url({ error: 'must be an http(s) URL' }).optional(),
  /** How long an `idempotencyKey` keeps its first result. @default 86400 (a day) */
  IDEMPOTENCY_TTL_S: intFromEnv(86_400),
  /** Where BigCommerce's webhook callbacks are received. */
  WEBHOOK_PATH: z
    .string()
    .regex(/^\/[\w/-]*$/, 'must be a path such as /webhooks/bigcommerce')
    .default('/webhooks/bigcommerce'),
  /** A custom header every callback must also carry (`Name: value`, as set on the hooks). @default none */
  WEBHOOK_REQUIRED_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+:\s*\S.*$/, 'must look like X-Hook-Secret: value')
    .optional(),
  /** How old a webhook's timestamp may be before it counts as a replay. @default 300 */
  WEBHOOK_TOLERANCE_S: intFromEnv(300),
  /** How long a subscriber may be gone and still resume after its last event. @default 300 */
  SUBSCRIPTION_RESUME_WINDOW_S: intFromEnv(300),
  /** Live subscriptions one WebSocket connection may hold. @default 20 */
  SUBSCRIPTIONS_PER_CONNECTION: intFromEnv(20),
  /** Live subscriptions one API key (or customer) may hold across connections, per replica. @default 1000 */
  SUBSCRIPTIONS_PER_KEY: intFromEnv(1000),
  /** Where API keys live without Redis (hashes only). @default api-keys.json */
  API_KEYS_FILE: z.string().min(1).default('api-keys.json'),
  /** Session token signing secrets, newest first: the first signs, all verify (rotation). */
  SESSION_SIGNING_SECRET: listFromEnv.refine(
    (secrets) => secrets.every((secret) => secret.length >= 32),
    'must be one or more comma-separated secrets of at least 32 characters',
  ),
  /** Access token lifetime. @default 900 */
  SESSION_ACCESS_TTL_S: intFromEnv(900),
  /** Refresh token (session) lifetime. @default 2592000 (30 days) */
  SESSION_REFRESH_TTL_S: intFromEnv(30 * 86_400),
  /** Proxies whose X-Forwarded-For is believed: IPs, CIDRs or `loopback`. @default none */
  TRUST_PROXY: listFromEnv.refine(
    (entries) => entries.every(isTrustedProxyEntry),
    'must be comma-separated IP addresses, CIDR ranges or loopback',
  ),
  /** Origins allowed to call from a browser (CORS). @default none */
  CORS_ORIGINS: listFromEnv.refine(
    (origins) => origins.every((origin) => /^https?:\/\/[^/\s]+$/.test(origin)),
    'must be comma-separated origins such as https://shop.example.com',
  ),
  /** Where `/metrics` is served, apart from the public listener. @default 9464 on 127.0.0.1 */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  METRICS_HOST: z.string().default('127.0.0.1'),
  /** `hash -> document` manifest (GraphQL Code Generator's persisted-documents.json). */
  PERSISTED_OPERATIONS_FILE: z.string().min(1).optional(),
  /** Request budgets (weighted by cost) for callers without a key of their own. */
  RATE_LIMIT_ANONYMOUS: rateLimitFromEnv('300/60s'),
  RATE_LIMIT_CUSTOMER: rateLimitFromEnv('600/60s'),
  /** For keys created without `--rate-limit`. */
  RATE_LIMIT_PARTNER_DEFAULT: rateLimitFromEnv('600/60s'),
  RATE_LIMIT_INTERNAL_DEFAULT: rateLimitFromEnv('6000/60s'),
  /** Sign-in attempts per account and per client address. */
  LOGIN_ATTEMPTS_PER_ACCOUNT: rateLimitFromEnv('10/15m'),
  LOGIN_ATTEMPTS_PER_IP: rateLimitFromEnv('50/15m'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  readonly storeHash: string;
  readonly accessToken: string;
  readonly apiUrl: string;
  readonly currencyCode: string;
  readonly port: number;
  readonly host: string;
  readonly redisUrl: string | undefined;
  readonly logLevel: Env['LOG_LEVEL'];
  readonly development: boolean;
  readonly upstream: {
    readonly connectTimeoutMs: number;
    readonly headersTimeoutMs: number;
    readonly bodyTimeoutMs: number;
    readonly connections: number;
    readonly maxRetries: number;
    readonly maxRateLimitWaitMs: number;
  };
  readonly access: {
    readonly clientId: string | undefined;
    readonly clientSecret: string | undefined;
    readonly channelId: number;
    readonly apiKeysFile: string;
    /** Newest first; empty means a random per-process secret (sessions die with the process). */
    readonly sessionSecrets: readonly string[];
    readonly accessTokenTtlSeconds: number;
    readonly refreshTokenTtlSeconds: number;
    readonly trustProxy: readonly string[];
    readonly corsOrigins: readonly string[];
    readonly metricsPort: number;
    readonly metricsHost: string;
    readonly persistedOperationsFile: string | undefined;
    readonly rateLimits: Readonly<{
      anonymous: RateLimitSpec;
      customer: RateLimitSpec;
      partner: RateLimitSpec;
      internal: RateLimitSpec;
      loginPerAccount: RateLimitSpec;
      loginPerIp: RateLimitSpec;
    }>;
  };
  readonly commerce: {
    readonly paymentsUrl: string;
    /** Without it, a signed-in customer's checkout link is the plain hosted-checkout URL. */
    readonly storefrontUrl: string | undefined;
    readonly idempotencyTtlSeconds: number;
  };
  readonly realtime: {
    readonly webhookPath: string;
    /** `[name, value]` of the header every callback must carry, when configured. */
    readonly webhookRequiredHeader: readonly [string, string] | undefined;
    readonly webhookToleranceSeconds: number;
    readonly resumeWindowSeconds: number;
    readonly subscriptionsPerConnection: number;
    readonly subscriptionsPerKey: number;
  };
  readonly cache: {
    /** `off` turns off the entity and whole-response caches (per-request batching stays). */
    readonly mode: Env['CACHE_MODE'];
    readonly ttlSeconds: Readonly<Record<'product' | 'category' | 'brand' | 'list', number>>;
    readonly staleWhileRevalidateSeconds: number;
    readonly staleIfErrorSeconds: number;
    readonly memoryMaxEntries: number;
    readonly memoryMaxBytes: number;
    readonly responseTtlSeconds: number;
  };
}

/** `X-Hook-Secret: abc` → `['x-hook-secret', 'abc']` (header names compare without case). */
function headerPair(text: string): readonly [string, string] {
  const colon = text.indexOf(':');
  return Object.freeze([
    text.slice(0, colon).trim().toLowerCase(),
    text.slice(colon + 1).trim(),
  ] as const);
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment once. Throws a ConfigError naming every bad variable, never echoing a value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnv(envSchema, env);
  return Object.freeze({
    storeHash: e.BIGCOMMERCE_STORE_HASH,
    accessToken: e.BIGCOMMERCE_ACCESS_TOKEN,
    apiUrl: e.BIGCOMMERCE_API_URL.replace(/\/+$/, ''),
    currencyCode: e.BIGCOMMERCE_CURRENCY_CODE,
    port: e.PORT,
    host: e.HOST,
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    development: e.NODE_ENV === 'development',
    upstream: Object.freeze({
      connectTimeoutMs: e.UPSTREAM_CONNECT_TIMEOUT_MS,
      headersTimeoutMs: e.UPSTREAM_HEADERS_TIMEOUT_MS,
      bodyTimeoutMs: e.UPSTREAM_BODY_TIMEOUT_MS,
      connections: e.UPSTREAM_CONNECTIONS,
      maxRetries: e.UPSTREAM_MAX_RETRIES,
      maxRateLimitWaitMs: e.UPSTREAM_MAX_RATE_LIMIT_WAIT_MS,
    }),
    access: Object.freeze({
      clientId: e.BIGCOMMERCE_CLIENT_ID,
      clientSecret: e.BIGCOMMERCE_CLIENT_SECRET,
      channelId: e.BIGCOMMERCE_CHANNEL_ID,
      apiKeysFile: e.API_KEYS_FILE,
      sessionSecrets: Object.freeze(e.SESSION_SIGNING_SECRET),
      accessTokenTtlSeconds: e.SESSION_ACCESS_TTL_S,
      refreshTokenTtlSeconds: e.SESSION_REFRESH_TTL_S,
      trustProxy: Object.freeze(e.TRUST_PROXY),
      corsOrigins: Object.freeze(e.CORS_ORIGINS),
      metricsPort: e.METRICS_PORT,
      metricsHost: e.METRICS_HOST,
      persistedOperationsFile: e.PERSISTED_OPERATIONS_FILE,
      rateLimits: Object.freeze({
        anonymous: e.RATE_LIMIT_ANONYMOUS,
        customer: e.RATE_LIMIT_CUSTOMER,
        partner: e.RATE_LIMIT_PARTNER_DEFAULT,
        internal: e.RATE_LIMIT_INTERNAL_DEFAULT,
        loginPerAccount: e.LOGIN_ATTEMPTS_PER_ACCOUNT,
        loginPerIp: e.LOGIN_ATTEMPTS_PER_IP,
      }),
    }),
    commerce: Object.freeze({
      paymentsUrl: e.BIGCOMMERCE_PAYMENTS_URL.replace(/\/+$/, ''),
      storefrontUrl: e.STOREFRONT_URL?.replace(/\/+$/, ''),
      idempotencyTtlSeconds: e.IDEMPOTENCY_TTL_S,
    }),
    realtime: Object.freeze({
      webhookPath: e.WEBHOOK_PATH,
      webhookRequiredHeader: e.WEBHOOK_REQUIRED_HEADER
        ? headerPair(e.WEBHOOK_REQUIRED_HEADER)
        : undefined,
      webhookToleranceSeconds: e.WEBHOOK_TOLERANCE_S,
      resumeWindowSeconds: e.SUBSCRIPTION_RESUME_WINDOW_S,
      subscriptionsPerConnection: e.SUBSCRIPTIONS_PER_CONNECTION,
      subscriptionsPerKey: e.SUBSCRIPTIONS_PER_KEY,
    }),
    cache: Object.freeze({
      mode: e.CACHE_MODE,
      ttlSeconds: Object.freeze({
        product: e.CACHE_TTL_PRODUCT_S,
        category: e.CACHE_TTL_CATEGORY_S,
        brand: e.CACHE_TTL_BRAND_S,
        list: e.CACHE_TTL_LIST_S,
      }),
      staleWhileRevalidateSeconds: e.CACHE_STALE_WHILE_REVALIDATE_S,
      staleIfErrorSeconds: e.CACHE_STALE_IF_ERROR_S,
      memoryMaxEntries: e.CACHE_MEMORY_MAX_ENTRIES,
      memoryMaxBytes: e.CACHE_MEMORY_MAX_BYTES,
      responseTtlSeconds: e.RESPONSE_CACHE_TTL_S,
    }),
  });
}

/** What the key CLI needs: where keys live. Parsed like the gateway's own, minus the store settings. */
export interface KeyStoreConfig {
  readonly redisUrl: string | undefined;
  readonly apiKeysFile: string;
  readonly storeHash: string | undefined;
}

export function loadKeyStoreConfig(env: NodeJS.ProcessEnv = process.env): KeyStoreConfig {
  const schema = envSchema.pick({ REDIS_URL: true, API_KEYS_FILE: true }).extend({
    BIGCOMMERCE_STORE_HASH: envSchema.shape.BIGCOMMERCE_STORE_HASH.optional(),
  });
  const e = parseEnv(schema, env);
  return Object.freeze({
    redisUrl: e.REDIS_URL,
    apiKeysFile: e.API_KEYS_FILE,
    storeHash: e.BIGCOMMERCE_STORE_HASH,
  });
}

/** Parses `env` with `schema`, or throws one ConfigError naming every bad variable, never a value. */
function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  // `VAR=` means "not set", as shells and .env files use it.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}
