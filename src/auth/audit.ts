import { createHmac } from 'node:crypto';
import type { Logger } from '../logger.js';
import { type Viewer, viewerLabel } from './viewer.js';

/** How a write ended: done, refused for a reason the caller can know, or failed on our side. */
export type AuditOutcome = 'success' | 'rejected' | 'error';

/** Values an audit line may carry: identifiers and reasons, never a secret or a personal detail. */
export type AuditValue = string | number | boolean;

export interface AuditEntry {
  /** The write, named as the schema names it (`login`, `refreshSession`, `addCartLineItems`). */
  readonly operation: string;
  readonly outcome: AuditOutcome;
  /** Why it was rejected or failed, in a stable snake_case word (`invalid_credentials`). */
  readonly reason?: string;
  /**
   * Who the write was for when that is not the caller: a login is made by an anonymous caller and
   * ends with a customer signed in, so the line names that customer.
   */
  readonly subject?: Viewer;
  /** Further identifiers (a session id, an account fingerprint): never a token, password or email. */
  readonly details?: Readonly<Record<string, AuditValue>>;
}

/** Writes one audit line for the current request. */
export type AuditLog = (entry: AuditEntry) => void;

/**
 * The audit trail of one request: every write is one JSON line, `audit: true`, naming the caller
 * by `viewerLabel` (key id or customer id), the operation and its outcome. Written at `info` on the
 * root logger (not the request's child, whose bindings would repeat the viewer's fields).
 */
export function createAuditLog(
  logger: Logger,
  request: { requestId: string; viewer: Viewer },
): AuditLog {
  return ({ operation, outcome, reason, subject, details }) => {
    const subjectLabel = subject ? prefixed('subject', viewerLabel(subject)) : {};
    logger.info(
      {
        audit: true,
        requestId: request.requestId,
        operation,
        outcome,
        ...(reason ? { reason } : {}),
        ...viewerLabel(request.viewer),
        clientIp: request.viewer.clientIp,
        ...subjectLabel,
        ...details,
      },
      'audit',
    );
  };
}

/**
 * A stable pseudonym of an account name (an email): the same address gives the same fingerprint
 * on every replica holding the same key, so failed sign-ins on one account can be told apart and
 * counted, while the line never shows the address. Keyed (HMAC), so a list of known addresses
 * cannot be hashed and matched against the logs without the key.
 */
export function accountFingerprint(key: string | Uint8Array, email: string): string {
  return createHmac('sha256', key)
    .update(`audit-account:${normaliseEmail(email)}`)
    .digest('base64url')
    .slice(0, 16);
}

/** Emails are compared without surrounding space or case, as BigCommerce does. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function prefixed(prefix: string, fields: Record<string, AuditValue>): Record<string, AuditValue> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [
      `${prefix}${name[0]!.toUpperCase()}${name.slice(1)}`,
      value,
    ]),
  );
}
