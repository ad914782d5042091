import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { jwtVerify } from 'jose';
import { z } from 'zod';
import type { CustomerStore } from '../customers/store.js';

export interface LoginTokenDeps {
  storeHash: string;
  clientId: string;
  clientSecret: string;
  customers: CustomerStore;
  now: () => number;
}

/** The platform's limit on a login token's life (from `iat`, whatever `exp` says). */
const MAX_LIFETIME_S = 300;
/** Where `redirect_to` defaults to (`customer_login.yml`). */
const DEFAULT_REDIRECT = '/account.php';
/** The storefront's sign-in page, where a refused link lands. */
const LOGIN_PAGE = '/login.php';

/** `customerLoginSSO` in `customer_login.yml`; `exp` is optional there (the life is capped anyway). */
const loginClaims = z.object({
  iat: z.number().int(),
  exp: z.number().int().optional(),
  jti: z.string().min(1),
  operation: z.literal('customer_login'),
  store_hash: z.string(),
  customer_id: z.number().int().positive(),
  redirect_to: z.string().min(1).optional(),
  request_ip: z.string().optional(),
});

type Refusal =
  | 'malformed'
  | 'signature'
  | 'expired'
  | 'claims'
  | 'store'
  | 'reused'
  | 'customer'
  | 'ip'
  | 'redirect';

/**
 * `jti`s already used, per sandbox (its deps object): a login token works once (the Customer Login
 * API's replay rule). Kept until the token could have expired anyway, so the set stays small.
 */
const usedJtis = new WeakMap<LoginTokenDeps, Map<string, number>>();

/**
 * `customer_login.yml`: `GET /login/token/{jwt}` on the storefront's origin. A valid token
 * answers 302 to its `redirect_to` (made absolute on this origin), as the storefront sends the
 * signed-in shopper on. The spec documents no failure answer; a browser following a bad link lands
 * where the storefront sends it, on the sign-in page, so a refusal is a 302 to `/login.php` too
 * (with `X-Sandbox-Refusal` naming the reason, for tests: the real platform says nothing).
 */
export async function handleLoginToken(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: LoginTokenDeps,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const origin = `http://${req.headers.host ?? url.host}`;
  const outcome = await verifyLoginToken(req, url, deps, origin);
  const refused = typeof outcome !== 'string';
  res
    .writeHead(302, {
      Location: refused ? new URL(LOGIN_PAGE, origin).toString() : outcome,
      'Cache-Control': 'no-store',
      ...(refused ? { 'X-Sandbox-Refusal': outcome.refused } : {}),
    })
    .end();
}

/** The absolute URL to send the shopper on to, or why the token is refused. */
async function verifyLoginToken(
  req: IncomingMessage,
  url: URL,
  deps: LoginTokenDeps,
  origin: string,
): Promise<string | { refused: Refusal }> {
  // A JWT is base64url throughout: nothing in it is percent-encoded.
  const jwt = url.pathname.slice('/login/token/'.length);
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(jwt)) return { refused: 'malformed' };
  const nowMs = deps.now();
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(jwt, new TextEncoder().encode(deps.clientSecret), {
      algorithms: ['HS256'],
      issuer: deps.clientId,
      requiredClaims: ['iat', 'jti'],
      currentDate: new Date(nowMs),
      maxTokenAge: MAX_LIFETIME_S,
    }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED') return { refused: 'expired' };
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return { refused: 'signature' };
    return { refused: code === 'ERR_JWS_INVALID' ? 'malformed' : 'claims' };
  }
  const claims = loginClaims.safeParse(payload);
  if (!claims.success) return { refused: 'claims' };
  const token = claims.data;
  if (token.exp !== undefined && token.exp > token.iat + MAX_LIFETIME_S)
    return { refused: 'claims' };
  if (token.store_hash !== deps.storeHash) return { refused: 'store' };
  // A signed token is spent by its first use, whatever happens next.
  if (!claimJti(deps, token.jti, (token.iat + MAX_LIFETIME_S) * 1000, nowMs)) {
    return { refused: 'reused' };
  }
  if (!deps.customers.getCustomer(token.customer_id)) return { refused: 'customer' };
  if (token.request_ip !== undefined && !sameIp(token.request_ip, req.socket.remoteAddress)) {
    return { refused: 'ip' };
  }
  const target = new URL(token.redirect_to ?? DEFAULT_REDIRECT, origin);
  // "A relative path": the storefront sends a signed-in shopper nowhere but to itself.
  if (target.origin !== origin) return { refused: 'redirect' };
  return target.toString();
}

function claimJti(deps: LoginTokenDeps, jti: string, expiresAtMs: number, nowMs: number): boolean {
  let used = usedJtis.get(deps);
  if (!used) {
    used = new Map();
    usedJtis.set(deps, used);
  }
  for (const [seen, until] of used) if (until <= nowMs) used.delete(seen);
  if (used.has(jti)) return false;
  used.set(jti, expiresAtMs);
  return true;
}

function sameIp(expected: string, actual: string | undefined): boolean {
  const plain = (ip: string) => (ip.startsWith('::ffff:') && isIP(ip.slice(7)) ? ip.slice(7) : ip);
  return actual !== undefined && plain(expected) === plain(actual);
}
