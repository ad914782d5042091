import type { CustomersApi } from '../../datasources/customers.js';
import type { BcCustomer } from '../../datasources/schemas/customers.js';
import type { AuditLog } from '../audit.js';
import type { CustomerViewer, Viewer } from '../viewer.js';
import type { RefreshOutcome, SessionService, SessionTokens } from './session-service.js';

/** What the sign-in flows need of one request. */
export interface SignInDeps {
  readonly sessions: SessionService;
  readonly customers: CustomersApi;
  /** The request's customer loader: the signed-in customer is then answered without a refetch. */
  loadCustomer(customerId: number): Promise<BcCustomer | null>;
  /** The storefront channel whose customers may sign in. */
  readonly channelId: number;
  readonly viewer: Viewer;
  readonly audit: AuditLog;
}

export type SignInOutcome =
  | { readonly kind: 'signed-in'; readonly tokens: SessionTokens }
  /** Wrong password and unknown email alike: the answer must not tell them apart. */
  | { readonly kind: 'invalid-credentials' }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number };

export type TokenSignInOutcome =
  | { readonly kind: 'signed-in'; readonly tokens: SessionTokens }
  | { readonly kind: 'invalid-token' }
  /** No client secret configured: storefront tokens cannot be checked. */
  | { readonly kind: 'unavailable' };

/** `login`: throttle, check the credentials upstream, then start a session. */
export async function signInWithPassword(
  deps: SignInDeps,
  input: { email: string; password: string },
): Promise<SignInOutcome> {
  const operation = 'login';
  const details = { account: deps.sessions.accountFingerprint(input.email) };
  return audited(deps, operation, details, async () => {
    const throttle = deps.sessions.loginThrottle;
    const verdict = await throttle.take(input.email, deps.viewer.clientIp);
    if (!verdict.allowed) {
      deps.audit({ operation, outcome: 'rejected', reason: 'too_many_attempts', details });
      return { kind: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
    }
    const checked = await deps.customers.validateCredentials({
      email: input.email.trim(),
      password: input.password,
      channelId: deps.channelId,
    });
    const customer = checked.isValid ? await deps.loadCustomer(checked.customerId) : null;
    if (!customer) {
      deps.audit({ operation, outcome: 'rejected', reason: 'invalid_credentials', details });
      return { kind: 'invalid-credentials' };
    }
    await throttle.succeeded(input.email, deps.viewer.clientIp);
    const tokens = await startSession(deps, customer);
    deps.audit({ operation, outcome: 'success', subject: viewerOf(deps, tokens), details });
    return { kind: 'signed-in', tokens };
  });
}

/** `loginWithCurrentCustomerToken`: a storefront's word for who is signed in, then a session. */
export async function signInWithCurrentCustomerToken(
  deps: SignInDeps,
  token: string,
): Promise<TokenSignInOutcome> {
  const operation = 'loginWithCurrentCustomerToken';
  return audited(deps, operation, {}, async () => {
    const verify = deps.sessions.currentCustomerToken;
    if (!verify) {
      deps.audit({ operation, outcome: 'rejected', reason: 'not_configured' });
      return { kind: 'unavailable' };
    }
    const customerId = await verify(token);
    // The customer must still exist: a token outlives a deleted account by up to its 15 minutes.
    const customer = customerId === undefined ? null : await deps.loadCustomer(customerId);
    if (!customer) {
      deps.audit({ operation, outcome: 'rejected', reason: 'invalid_token' });
      return { kind: 'invalid-token' };
    }
    const tokens = await startSession(deps, customer);
    deps.audit({ operation, outcome: 'success', subject: viewerOf(deps, tokens) });
    return { kind: 'signed-in', tokens };
  });
}

/** `refreshSession`: rotate the refresh token; a reused one has revoked its session. */
export async function refreshSession(
  deps: Pick<SignInDeps, 'sessions' | 'viewer' | 'audit'>,
  refreshToken: string,
): Promise<RefreshOutcome> {
  const operation = 'refreshSession';
  return audited(deps, operation, {}, async () => {
    const outcome = await deps.sessions.refresh(refreshToken);
    if (outcome.kind === 'refreshed') {
      const subject = viewerOf(deps, outcome.tokens);
      deps.audit({
        operation,
        outcome: 'success',
        subject,
        details: { sessionId: subject.sessionId },
      });
    } else if (outcome.kind === 'reused') {
      // Two holders of one token: the session is revoked, and this line is the alarm.
      const details = { sessionId: outcome.sessionId, sessionRevoked: true };
      deps.audit({ operation, outcome: 'rejected', reason: 'refresh_token_reused', details });
    } else {
      deps.audit({ operation, outcome: 'rejected', reason: `refresh_token_${outcome.reason}` });
    }
    return outcome;
  });
}

/** `logout`: the caller's session ends, with its refresh token. */
export async function signOut(
  deps: Pick<SignInDeps, 'sessions' | 'viewer' | 'audit'>,
  viewer: CustomerViewer,
): Promise<boolean> {
  const operation = 'logout';
  const details = { sessionId: viewer.sessionId };
  return audited(deps, operation, details, async () => {
    const ended = await deps.sessions.revoke(viewer.sessionId);
    deps.audit({ operation, outcome: 'success', details: { ...details, sessionEnded: ended } });
    return ended;
  });
}

function startSession(deps: SignInDeps, customer: BcCustomer): Promise<SessionTokens> {
  return deps.sessions.start({
    customerId: customer.id,
    customerGroupId: customer.customer_group_id ?? 0,
  });
}

function viewerOf(deps: Pick<SignInDeps, 'viewer'>, tokens: SessionTokens): CustomerViewer {
  return {
    kind: 'customer',
    clientIp: deps.viewer.clientIp,
    customerId: tokens.customerId,
    customerGroupId: tokens.customerGroupId,
    sessionId: tokens.sessionId,
  };
}

/** Runs a write; one that throws (upstream or store down) is audited as an error, then rethrown. */
async function audited<T>(
  deps: Pick<SignInDeps, 'audit'>,
  operation: string,
  details: Record<string, string>,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    deps.audit({ operation, outcome: 'error', reason: errorReason(error), details });
    throw error;
  }
}

/** The error's stable code (a GraphQL error's or an upstream error's), never its message. */
function errorReason(error: unknown): string {
  const coded = error as { code?: unknown; extensions?: { code?: unknown } } | null;
  const code = coded?.extensions?.code ?? coded?.code;
  return typeof code === 'string' ? code.toLowerCase() : 'unexpected';
}
