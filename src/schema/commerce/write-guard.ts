import { GraphQLError } from 'graphql';
import { hasScope } from '../../auth/viewer.js';
import type { Context } from '../../context.js';
import type { UserError } from '../errors.js';

/**
 * Shoppers (guests and customers) write their own carts; a key writes carts only with the scope.
 * A key without it is refused outright (FORBIDDEN), not told "no such cart".
 */
export function assertMayWrite(ctx: Context, scope: 'carts:write' | 'checkout:write'): void {
  const { viewer } = ctx;
  if (viewer.kind !== 'partner' && viewer.kind !== 'internal') return;
  if (!hasScope(viewer, scope)) {
    throw new GraphQLError(`Not allowed to change carts or checkouts (needs the ${scope} scope).`, {
      extensions: { code: 'FORBIDDEN' },
    });
  }
}

/**
 * Runs a write, audits its outcome, and turns an upstream refusal into the typed error `refuse`
 * finds for it (thrown, so plugin-errors answers it in the result union). Other failures are
 * audited as errors and rethrown (masked).
 */
export async function audited<T>(
  ctx: Context,
  operation: string,
  details: Record<string, string | number>,
  work: () => Promise<T>,
  refuse: (error: unknown) => UserError | null,
  /** Identifiers known only once the write is done (the new cart's or order's id). */
  learned: (result: T) => Record<string, string | number> = () => ({}),
): Promise<T> {
  try {
    const result = await work();
    ctx.audit({ operation, outcome: 'success', details: { ...details, ...learned(result) } });
    return result;
  } catch (error) {
    const typed = isUserError(error) ? error : refuse(error);
    if (typed) {
      ctx.audit({ operation, outcome: 'rejected', reason: typed.code.toLowerCase(), details });
      throw typed;
    }
    ctx.audit({ operation, outcome: 'error', reason: 'upstream', details });
    throw error;
  }
}

const isUserError = (error: unknown): error is UserError =>
  error instanceof Error &&
  typeof (error as { code?: unknown }).code === 'string' &&
  'field' in error;
