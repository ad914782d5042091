import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

/** `typ` of our access tokens (RFC 9068), so no other JWT signed with the same key passes. */
const ACCESS_TOKEN_TYPE = 'at+jwt';
const ISSUER = 'bcgw';
const ALGORITHM = 'HS256';
/** Replicas' clocks differ a little; a token is not refused for a second or two of skew. */
const CLOCK_TOLERANCE_S = 5;

/** What an access token says: whose session it is. */
export interface AccessClaims {
  readonly customerId: number;
  readonly customerGroupId: number;
  readonly sessionId: string;
}

const claimsSchema = z.object({
  sub: z.string().regex(/^\d+$/),
  grp: z.number().int().nonnegative(),
  sid: z.string().min(1),
});

interface SigningKey {
  /** A public fingerprint of the secret (never the secret), so a verifier picks the right key. */
  readonly kid: string;
  readonly key: webcrypto.CryptoKey;
}

export interface AccessTokenCodecOptions {
  /** Newest first: the first signs, every one verifies (rotation). At least one. */
  readonly secrets: readonly (string | Uint8Array)[];
  /** The store the tokens are for: the audience, so a token of another store's gateway fails. */
  readonly storeHash: string;
  readonly now: () => number;
}

export interface AccessTokenCodec {
  /** Signs an access token expiring at `expiresAtMs` (whole seconds, rounded down). */
  sign(claims: AccessClaims, expiresAtMs: number): Promise<string>;
  /** The claims of a good token; `undefined` for anything forged, expired or not ours. */
  verify(token: string): Promise<AccessClaims | undefined>;
}

/**
 * Short-lived HS256 JWTs naming a customer session. Verification pins the algorithm (so `none`
 * and RS256 tokens fail), the issuer, the audience (this store), the type and the expiry, and
 * picks the key by `kid`: a token signed with a retired secret fails once that secret is removed.
 */
export async function createAccessTokenCodec(
  options: AccessTokenCodecOptions,
): Promise<AccessTokenCodec> {
  if (options.secrets.length === 0) throw new Error('createAccessTokenCodec: no secret');
  const keys = await Promise.all(options.secrets.map(importKey));
  const signer = keys[0]!;
  const byKid = new Map(keys.map((k) => [k.kid, k.key]));
  const audience = `${ISSUER}:store:${options.storeHash}`;
  return {
    sign: (claims, expiresAtMs) =>
      new SignJWT({ grp: claims.customerGroupId, sid: claims.sessionId })
        .setProtectedHeader({ alg: ALGORITHM, typ: ACCESS_TOKEN_TYPE, kid: signer.kid })
        .setIssuer(ISSUER)
        .setAudience(audience)
        .setSubject(String(claims.customerId))
        .setIssuedAt(Math.floor(options.now() / 1000))
        .setExpirationTime(Math.floor(expiresAtMs / 1000))
        .sign(signer.key),
    async verify(token) {
      try {
        const { payload } = await jwtVerify(
          token,
          (header) => {
            const key = header.kid === undefined ? undefined : byKid.get(header.kid);
            if (!key) throw new Error('unknown kid');
            return key;
          },
          {
            algorithms: [ALGORITHM],
            issuer: ISSUER,
            audience,
            typ: ACCESS_TOKEN_TYPE,
            requiredClaims: ['exp', 'iat', 'sub'],
            currentDate: new Date(options.now()),
            clockTolerance: CLOCK_TOLERANCE_S,
          },
        );
        const claims = claimsSchema.safeParse(payload);
        if (!claims.success) return undefined;
        return {
          customerId: Number(claims.data.sub),
          customerGroupId: claims.data.grp,
          sessionId: claims.data.sid,
        };
      } catch {
        return undefined;
      }
    },
  };
}

/** A random secret for a process with none configured: 256 bits. */
export function randomSecret(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}

async function importKey(secret: string | Uint8Array): Promise<SigningKey> {
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  // Imported once: jose would import a raw key again on every sign and verify.
  const key = await webcrypto.subtle.importKey(
    'raw',
    bytes,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
  const kid = createHash('sha256')
    .update('bcgw-session-kid:')
    .update(bytes)
    .digest('base64url')
    .slice(0, 10);
  return { kid, key };
}
