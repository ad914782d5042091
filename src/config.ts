import { z } from 'zod';

const intFromEnv = (fallback: number) => z.coerce.number().int().positive().default(fallback);

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

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment once. Throws a ConfigError naming every bad variable, never echoing a value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // `VAR=` means "not set", as shells and .env files use it.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
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
