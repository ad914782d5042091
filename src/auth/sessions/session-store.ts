/** One signed-in session, as stored (in Redis, or in memory without it). */
export interface SessionRecord {
  readonly customerId: number;
  readonly customerGroupId: number;
  /** Hash of the one refresh token that may be used next. */
  readonly refreshHash: string;
  /** When the session ends unless refreshed (ms since the epoch, the service's clock). */
  readonly expiresAtMs: number;
}

/** A rotation's next state: the new refresh token's hash and the session's new end. */
export interface Rotation {
  readonly presentedHash: string;
  readonly nextHash: string;
  readonly expiresAtMs: number;
  readonly nowMs: number;
  /** Rotations a session may make before it must sign in again (bounds the used-token record). */
  readonly maxRotations: number;
}

export type RotationOutcome =
  | { readonly kind: 'rotated'; readonly customerId: number; readonly customerGroupId: number }
  /** The token was good once and has been used: someone holds a copy. The session is gone. */
  | { readonly kind: 'reused' }
  /** No such session (never made, ended, expired, revoked) or a token it never issued. */
  | { readonly kind: 'unknown' }
  /** The session has rotated `maxRotations` times: ended, sign in again. */
  | { readonly kind: 'exhausted' };

/**
 * Where sessions live. `rotate` is atomic: of two refreshes with one token, one rotates and the
 * other sees a used token (and revokes the session). Calls reject when the store cannot answer
 * (Redis down); the service decides what that means.
 */
export interface SessionStore {
  create(sessionId: string, record: SessionRecord, nowMs: number): Promise<void>;
  /** Whether the session is live: one cheap read, done on every request that presents a token. */
  isLive(sessionId: string, nowMs: number): Promise<boolean>;
  rotate(sessionId: string, rotation: Rotation): Promise<RotationOutcome>;
  /** Ends the session at once; resolves whether there was one. */
  revoke(sessionId: string): Promise<boolean>;
}

interface MemoryEntry {
  record: SessionRecord;
  rotations: number;
  used: Set<string>;
}

/** Expired entries are swept after this many creations, so memory stays bounded without a timer. */
const SWEEP_EVERY = 256;

/** Sessions of one process, for a gateway without Redis: they end with the process. */
export function createMemorySessionStore(): SessionStore {
  const sessions = new Map<string, MemoryEntry>();
  let created = 0;
  const live = (sessionId: string, nowMs: number) => {
    const entry = sessions.get(sessionId);
    if (entry && entry.record.expiresAtMs <= nowMs) sessions.delete(sessionId);
    return entry && entry.record.expiresAtMs > nowMs ? entry : undefined;
  };
  return {
    async create(sessionId, record, nowMs) {
      if (++created % SWEEP_EVERY === 0) {
        for (const [id, entry] of sessions)
          if (entry.record.expiresAtMs <= nowMs) sessions.delete(id);
      }
      sessions.set(sessionId, { record, rotations: 0, used: new Set() });
    },
    isLive: async (sessionId, nowMs) => live(sessionId, nowMs) !== undefined,
    async rotate(sessionId, rotation) {
      const entry = live(sessionId, rotation.nowMs);
      if (!entry) return { kind: 'unknown' };
      if (entry.record.refreshHash === rotation.presentedHash) {
        if (entry.rotations >= rotation.maxRotations) {
          sessions.delete(sessionId);
          return { kind: 'exhausted' };
        }
        entry.used.add(rotation.presentedHash);
        entry.rotations++;
        entry.record = {
          ...entry.record,
          refreshHash: rotation.nextHash,
          expiresAtMs: rotation.expiresAtMs,
        };
        const { customerId, customerGroupId } = entry.record;
        return { kind: 'rotated', customerId, customerGroupId };
      }
      if (entry.used.has(rotation.presentedHash)) {
        sessions.delete(sessionId);
        return { kind: 'reused' };
      }
      return { kind: 'unknown' };
    },
    revoke: async (sessionId) => sessions.delete(sessionId),
  };
}
