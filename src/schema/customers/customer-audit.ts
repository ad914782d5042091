import type { AuditEntry, AuditValue } from '../../auth/audit.js';
import type { Context } from '../../context.js';
import { UserError } from '../errors.js';

type Details = Record<string, AuditValue>;

/**
 * Runs a customer write and writes its one audit line: `success`, `rejected` with the typed
 * error's code (`email_taken`, `not_found`), or `error` with a failure's stable code. Details are
 * ids only: never an email, address, password or token. `note` adds ids learnt along the way
 * (the new customer's, the new address's); `subject` names a customer signed in by the write.
 */
export async function auditedWrite<T>(
  ctx: Context,
  operation: string,
  details: Details,
  run: (note: (more: Details, subject?: AuditEntry['subject']) => void) => Promise<T>,
): Promise<T> {
  const all: Details = { ...details };
  let subject: AuditEntry['subject'];
  const note = (more: Details, who?: AuditEntry['subject']) => {
    Object.assign(all, more);
    subject = who ?? subject;
  };
  try {
    const result = await run(note);
    ctx.audit({ operation, outcome: 'success', details: all, ...(subject ? { subject } : {}) });
    return result;
  } catch (error) {
    if (error instanceof UserError) {
      ctx.audit({ operation, outcome: 'rejected', reason: error.code.toLowerCase(), details: all });
    } else {
      ctx.audit({ operation, outcome: 'error', reason: errorReason(error), details: all });
    }
    throw error;
  }
}

/** The error's stable code (a GraphQL error's or an upstream error's), never its message. */
function errorReason(error: unknown): string {
  const coded = error as { code?: unknown; extensions?: { code?: unknown } } | null;
  const code = coded?.extensions?.code ?? coded?.code;
  return typeof code === 'string' ? code.toLowerCase() : 'unexpected';
}
