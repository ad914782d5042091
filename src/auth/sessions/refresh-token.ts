import { createHash, randomBytes } from 'node:crypto';

/**
 * A refresh token is `<session id>.<secret>`: the session id (128 random bits) says which
 * session to look in, the secret (256 random bits) proves the holder was given it. Only the
 * secret's SHA-256 is stored: a random 256-bit value needs no slow hash, and a leaked store
 * yields no usable token.
 */

const SESSION_ID_BYTES = 16;
const SECRET_BYTES = 32;
const SHAPE = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export interface RefreshToken {
  readonly token: string;
  readonly sessionId: string;
  /** What the store keeps. */
  readonly hash: string;
}

export function newSessionId(): string {
  return randomBytes(SESSION_ID_BYTES).toString('base64url');
}

/** A fresh refresh token for the session. */
export function newRefreshToken(sessionId: string): RefreshToken {
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { token: `${sessionId}.${secret}`, sessionId, hash: hashSecret(secret) };
}

/** The session id and stored hash of a presented token; `undefined` when it is not one of ours. */
export function parseRefreshToken(token: string): Omit<RefreshToken, 'token'> | undefined {
  const match = SHAPE.exec(token);
  if (!match) return undefined;
  return { sessionId: match[1]!, hash: hashSecret(match[2]!) };
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
