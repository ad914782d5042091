import { GraphQLError } from 'graphql';
import type { AnonymousViewer, CustomerViewer, KeyViewer, Viewer } from './viewer.js';

/** Every API key starts with this; anything else after `Bearer` is a session access token. */
export const API_KEY_PREFIX = 'bcgw_';

/** Checks one kind of credential; `undefined` means "not valid" (unknown, expired, revoked, forged). */
export interface CredentialVerifiers {
  apiKey(key: string, clientIp: string): Promise<KeyViewer | undefined>;
  accessToken(token: string, clientIp: string): Promise<CustomerViewer | undefined>;
}

/** What a request (HTTP headers, or a WebSocket's `connectionParams`) presents. */
export interface Credentials {
  readonly authorization?: string | null;
  readonly apiKey?: string | null;
  readonly clientIp: string;
}

/** 401: a credential was presented and is not good. Never silently anonymous. */
export class UnauthenticatedError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  }
}

export type Authenticate = (credentials: Credentials) => Promise<Viewer>;

/**
 * Tells who is calling, once per request, before anything reaches upstream. No credential is an
 * anonymous caller; a malformed, unknown, expired or revoked one is refused with the same words
 * whatever the reason, so the answer tells an attacker nothing.
 */
export function createAuthenticator(verify: CredentialVerifiers): Authenticate {
  return async ({ authorization, apiKey, clientIp }) => {
    const anonymous: AnonymousViewer = { kind: 'anonymous', clientIp };
    const hasAuthorization = authorization !== undefined && authorization !== null;
    const hasApiKey = apiKey !== undefined && apiKey !== null;
    if (!hasAuthorization && !hasApiKey) return anonymous;
    if (hasAuthorization && hasApiKey) {
      throw new UnauthenticatedError('Send one credential: Authorization or X-Api-Key, not both.');
    }
    if (hasApiKey) return (await verifyKey(verify, apiKey.trim(), clientIp)) ?? refuse();

    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
    if (!match) {
      throw new UnauthenticatedError('Authorization must be `Bearer <API key or access token>`.');
    }
    const credential = match[1]!;
    const viewer = credential.startsWith(API_KEY_PREFIX)
      ? await verifyKey(verify, credential, clientIp)
      : await verify.accessToken(credential, clientIp);
    return viewer ?? refuse();
  };
}

function verifyKey(verify: CredentialVerifiers, key: string, clientIp: string) {
  return key.startsWith(API_KEY_PREFIX) ? verify.apiKey(key, clientIp) : Promise.resolve(undefined);
}

function refuse(): never {
  throw new UnauthenticatedError(
    'The credential is not valid: it may be malformed, unknown, expired or revoked.',
  );
}

/** Credentials from HTTP headers. */
export function credentialsFromHeaders(headers: Headers, clientIp: string): Credentials {
  return {
    authorization: headers.get('authorization'),
    apiKey: headers.get('x-api-key'),
    clientIp,
  };
}

/**
 * Credentials from a graphql-ws `connection_init` payload: `{ authorization: 'Bearer …' }` or
 * `{ apiKey: '…' }` (header spellings accepted too), so a client sends what it sends over HTTP.
 */
export function credentialsFromConnectionParams(
  params: Readonly<Record<string, unknown>> | undefined,
  clientIp: string,
): Credentials {
  const text = (...names: string[]) => {
    for (const name of names) {
      const value = params?.[name];
      if (typeof value === 'string') return value;
    }
    return undefined;
  };
  return {
    authorization: text('authorization', 'Authorization'),
    apiKey: text('apiKey', 'x-api-key', 'X-Api-Key'),
    clientIp,
  };
}
