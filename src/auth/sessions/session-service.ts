import { GraphQLError } from 'graphql';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { RedisOwner } from '../../redis/redis-owner.js';
import { accountFingerprint } from '../audit.js';
import type { CustomerViewer } from '../viewer.js';
import { createAccessTokenCodec, randomSecret } from './access-token.js';
import {
  type CurrentCustomerTokenVerifier,
  createCurrentCustomerTokenVerifier,
} from './current-customer-token.js';
import { createLoginThrottle, type LoginThrottle } from './login-throttle.js';
import { createRedisSessionStore } from './redis-session-store.js';
import { newRefreshToken, newSessionId, parseRefreshToken } from './refresh-token.js';
import { createMemorySessionStore, type SessionStore } from './session-store.js';

/**
 * Rotations one session may make before its customer must sign in again: at one refresh per
 * 15-minute access token, about 52 days of use. Bounds the per-session record of used tokens.
 */
const MAX_ROTATIONS = 5_000;

/** What a client holds after signing in or refreshing. */
export interface SessionTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** When the access token expires (ms): refresh before then. */
  readonly accessTokenExpiresAtMs: number;
  /** When the session (and this refresh token) ends unless refreshed (ms). */
  readonly sessionExpiresAtMs: number;
  readonly sessionId: string;
  readonly customerId: number;
  readonly customerGroupId: number;
}

export type RefreshOutcome =
  | { readonly kind: 'refreshed'; readonly tokens: SessionTokens }
  /** An already-used token came back: the session has been revoked. */
  | { readonly kind: 'reused'; readonly sessionId: string }
  | { readonly kind: 'invalid'; readonly reason: 'malformed' | 'unknown' | 'exhausted' };

export interface SessionService {
  /** The authenticator's access-token verifier: signature, claims, expiry, then a live session. */
  verifyAccessToken(token: string, clientIp: string): Promise<CustomerViewer | undefined>;
  /** Starts a session for a customer whose credentials were just checked. */
  start(customer: { customerId: number; customerGroupId: number }): Promise<SessionTokens>;
  /** Exchanges a refresh token for a new pair; the presented one is then used up. */
  refresh(refreshToken: string): Promise<RefreshOutcome>;
  /** Ends a session at once (its access tokens fail from the next request); whether it was live. */
  revoke(sessionId: string): Promise<boolean>;
  readonly loginThrottle: LoginThrottle;
  /** The storefront channel (`BIGCOMMERCE_CHANNEL_ID`) whose customers sign in. */
  readonly channelId: number;
  /** Storefront Current Customer JWTs; `undefined` without `BIGCOMMERCE_CLIENT_SECRET`. */
  readonly currentCustomerToken: CurrentCustomerTokenVerifier | undefined;
  /** The audit pseudonym of an email (`accountFingerprint`), keyed with the signing secret. */
  accountFingerprint(email: string): string;
  close(): Promise<void>;
}

export interface SessionServiceOptions {
  readonly config: Pick<Config, 'storeHash' | 'access'>;
  /** Session state shared by replicas; in memory (this process only) without it. */
  readonly redis: RedisOwner | undefined;
  readonly logger: Logger;
  /** Tests move it to expire tokens without waiting. @default Date.now */
  readonly now?: () => number;
}

/** The session store could not answer: signing in, refreshing and signing out wait for it. */
export class SessionStoreUnavailableError extends GraphQLError {
  constructor(cause: unknown) {
    super('Sessions are unavailable for a moment; try again shortly.', {
      originalError: cause instanceof Error ? cause : undefined,
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
  }
}

export function createSessionService(options: SessionServiceOptions): SessionService {
  const { config, redis, logger } = options;
  const { access, storeHash } = config;
  const now = options.now ?? Date.now;
  const secrets = access.sessionSecrets.length > 0 ? access.sessionSecrets : [randomSecret()];
  if (access.sessionSecrets.length === 0) {
    logger.warn(
      'SESSION_SIGNING_SECRET is not set: customer sessions are signed with a random per-process secret, so they will not survive a restart nor work across replicas',
    );
  }
  const codec = createAccessTokenCodec({ secrets, storeHash, now });
  // Without this the process would crash on a bad key only when the first token is made.
  codec.catch((error: unknown) => logger.error({ err: error }, 'session signing keys unusable'));
  const store: SessionStore = redis
    ? createRedisSessionStore(redis, storeHash)
    : createMemorySessionStore();
  const fingerprintKey = secrets[0]!;
  const accessTtlMs = access.accessTokenTtlSeconds * 1000;
  const sessionTtlMs = access.refreshTokenTtlSeconds * 1000;

  const storeCall = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw new SessionStoreUnavailableError(error);
    }
  };

  const issue = async (
    sessionId: string,
    customer: { customerId: number; customerGroupId: number },
    refreshToken: string,
    sessionExpiresAtMs: number,
    nowMs: number,
  ): Promise<SessionTokens> => {
    // Never outlives its session.
    const accessTokenExpiresAtMs = Math.min(nowMs + accessTtlMs, sessionExpiresAtMs);
    const accessToken = await (await codec).sign(
      { ...customer, sessionId },
      accessTokenExpiresAtMs,
    );
    return {
      accessToken,
      refreshToken,
      accessTokenExpiresAtMs: Math.floor(accessTokenExpiresAtMs / 1000) * 1000,
      sessionExpiresAtMs,
      sessionId,
      ...customer,
    };
  };

  return {
    async verifyAccessToken(token, clientIp) {
      const claims = await (await codec).verify(token);
      if (!claims) return undefined;
      let live: boolean;
      try {
        // The one store read per authenticated request (a Redis EXISTS: ~0.1 ms on a LAN), so a
        // logout or a detected reuse stops the access token at once.
        live = await store.isLive(claims.sessionId, now());
      } catch {
        // Redis is down (the owner logs the outage once): the signature and expiry still hold,
        // so the token is honoured for its short life rather than signing everyone out.
        live = true;
      }
      return live ? { kind: 'customer', clientIp, ...claims } : undefined;
    },
    async start(customer) {
      const nowMs = now();
      const sessionId = newSessionId();
      const refresh = newRefreshToken(sessionId);
      const expiresAtMs = nowMs + sessionTtlMs;
      await storeCall(() =>
        store.create(sessionId, { ...customer, refreshHash: refresh.hash, expiresAtMs }, nowMs),
      );
      return issue(sessionId, customer, refresh.token, expiresAtMs, nowMs);
    },
    async refresh(refreshToken) {
      const presented = parseRefreshToken(refreshToken);
      if (!presented) return { kind: 'invalid', reason: 'malformed' };
      const nowMs = now();
      const next = newRefreshToken(presented.sessionId);
      const expiresAtMs = nowMs + sessionTtlMs;
      const outcome = await storeCall(() =>
        store.rotate(presented.sessionId, {
          presentedHash: presented.hash,
          nextHash: next.hash,
          expiresAtMs,
          nowMs,
          maxRotations: MAX_ROTATIONS,
        }),
      );
      switch (outcome.kind) {
        case 'rotated': {
          const { customerId, customerGroupId } = outcome;
          const customer = { customerId, customerGroupId };
          const tokens = await issue(presented.sessionId, customer, next.token, expiresAtMs, nowMs);
          return { kind: 'refreshed', tokens };
        }
        case 'reused':
          return { kind: 'reused', sessionId: presented.sessionId };
        default:
          return { kind: 'invalid', reason: outcome.kind };
      }
    },
    revoke: (sessionId) => storeCall(() => store.revoke(sessionId)),
    channelId: access.channelId,
    loginThrottle: createLoginThrottle({
      perAccount: access.rateLimits.loginPerAccount,
      perIp: access.rateLimits.loginPerIp,
      redis,
      storeHash,
    }),
    currentCustomerToken: access.clientSecret
      ? createCurrentCustomerTokenVerifier({
          clientSecret: access.clientSecret,
          clientId: access.clientId,
          storeHash,
          now,
        })
      : undefined,
    accountFingerprint: (email) => accountFingerprint(fingerprintKey, email),
    // Nothing of its own to close: its Redis connection belongs to the owner.
    close: async () => {},
  };
}
