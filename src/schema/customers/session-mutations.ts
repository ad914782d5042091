import { z } from 'zod';
import type { SessionTokens } from '../../auth/sessions/session-service.js';
import {
  refreshSession,
  type SignInDeps,
  signInWithCurrentCustomerToken,
  signInWithPassword,
  signOut,
} from '../../auth/sessions/sign-in.js';
import type { Context } from '../../context.js';
import { builder } from '../builder.js';
import { attachGuestCart } from '../commerce/attach-guest-cart.js';
import { cartIdSchema } from '../commerce/inputs.js';
import { LOOKUP, UPSTREAM_CALL } from '../query-cost.js';
import { CustomerRef } from './customer.js';
import {
  InvalidCredentialsError,
  InvalidCustomerTokenError,
  InvalidRefreshTokenError,
  LoginMethodUnavailableError,
  TooManyAttemptsError,
} from './session-errors.js';

export const CustomerSession = builder.objectRef<SessionTokens>('CustomerSession').implement({
  description: 'A signed-in session: send `accessToken` as `Authorization: Bearer …`.',
  fields: (t) => ({
    accessToken: t.exposeString('accessToken', {
      description: 'A short-lived signed token naming the session (a JWT; opaque to clients).',
    }),
    refreshToken: t.exposeString('refreshToken', {
      description:
        'Single-use: `refreshSession` exchanges it for a new pair. Using one twice ends the session.',
    }),
    expiresAt: t.field({
      type: 'DateTime',
      description: 'When the access token expires: refresh before then.',
      resolve: (s) => new Date(s.accessTokenExpiresAtMs).toISOString(),
    }),
    refreshTokenExpiresAt: t.field({
      type: 'DateTime',
      description: 'When the session ends unless refreshed.',
      resolve: (s) => new Date(s.sessionExpiresAtMs).toISOString(),
    }),
    customer: t.field({
      type: CustomerRef,
      nullable: true,
      description: 'The signed-in customer (null only if the account has since been deleted).',
      complexity: LOOKUP,
      resolve: (s, _args, ctx) => ctx.customerLoaders.customerById.load(s.customerId),
    }),
  }),
});

const LogoutPayload = builder.objectRef<{ sessionEnded: boolean }>('LogoutPayload').implement({
  description: 'The outcome of `logout`.',
  fields: (t) => ({
    sessionEnded: t.exposeBoolean('sessionEnded', {
      description: 'Whether a live session was ended (false: it had already ended).',
    }),
  }),
});

const LoginInput = builder.inputType('LoginInput', {
  description: 'A customer’s email and password.',
  fields: (t) => ({
    email: t.string({
      required: true,
      description: 'Email address (compared without regard to case).',
      validate: z.string().trim().min(1, 'is required').max(255),
    }),
    password: t.string({
      required: true,
      description: 'Password.',
      validate: z.string().min(1, 'is required').max(1024),
    }),
    guestCartId: t.id({
      required: false,
      description: 'A guest cart (its BigCommerce id) to give to the customer once signed in.',
      validate: cartIdSchema.nullish(),
    }),
  }),
});

const RefreshSessionInput = builder.inputType('RefreshSessionInput', {
  description: 'The refresh token of a session.',
  fields: (t) => ({
    refreshToken: t.string({ required: true, description: 'The latest refresh token.' }),
  }),
});

const LoginWithCurrentCustomerTokenInput = builder.inputType('LoginWithCurrentCustomerTokenInput', {
  description: 'A Current Customer JWT from a BigCommerce storefront.',
  fields: (t) => ({
    token: t.string({
      required: true,
      description: 'The JWT `/customer/current.jwt?app_client_id=…` answered on the storefront.',
    }),
  }),
});

function signInDeps(ctx: Context): SignInDeps {
  return {
    sessions: ctx.sessions,
    customers: ctx.customers,
    loadCustomer: (id) => ctx.customerLoaders.customerById.load(id),
    channelId: ctx.sessions.channelId,
    viewer: ctx.viewer,
    audit: ctx.audit,
  };
}

builder.mutationField('login', (t) =>
  t.field({
    type: CustomerSession,
    description: 'Signs a customer in with email and password.',
    args: { input: t.arg({ type: LoginInput, required: true, description: 'Credentials.' }) },
    errors: {
      types: [InvalidCredentialsError, TooManyAttemptsError],
      directResult: true,
      union: { name: 'LoginResult', description: 'A session, or why there is none.' },
    },
    // The credential check and the customer: two upstream calls.
    complexity: 2 * UPSTREAM_CALL,
    resolve: async (_root, { input }, ctx) => {
      const outcome = await signInWithPassword(signInDeps(ctx), input);
      if (outcome.kind === 'throttled') throw new TooManyAttemptsError(outcome.retryAfterSeconds);
      if (outcome.kind === 'invalid-credentials') throw new InvalidCredentialsError();
      if (input.guestCartId) {
        await attachGuestCart(ctx, String(input.guestCartId), outcome.tokens.customerId);
      }
      return outcome.tokens;
    },
  }),
);

builder.mutationField('loginWithCurrentCustomerToken', (t) =>
  t.field({
    type: CustomerSession,
    description:
      'Signs in the customer a BigCommerce storefront vouches for, by its Current Customer JWT.',
    args: {
      input: t.arg({
        type: LoginWithCurrentCustomerTokenInput,
        required: true,
        description: 'The storefront token.',
      }),
    },
    errors: {
      types: [InvalidCustomerTokenError, LoginMethodUnavailableError],
      directResult: true,
      union: {
        name: 'LoginWithCurrentCustomerTokenResult',
        description: 'A session, or why there is none.',
      },
    },
    complexity: UPSTREAM_CALL,
    resolve: async (_root, { input }, ctx) => {
      const outcome = await signInWithCurrentCustomerToken(signInDeps(ctx), input.token);
      if (outcome.kind === 'unavailable') throw new LoginMethodUnavailableError();
      if (outcome.kind === 'invalid-token') throw new InvalidCustomerTokenError();
      return outcome.tokens;
    },
  }),
);

builder.mutationField('refreshSession', (t) =>
  t.field({
    type: CustomerSession,
    description: 'Exchanges a refresh token for a new access token and refresh token.',
    args: {
      input: t.arg({ type: RefreshSessionInput, required: true, description: 'The token.' }),
    },
    errors: {
      types: [InvalidRefreshTokenError],
      directResult: true,
      union: { name: 'RefreshSessionResult', description: 'A new session pair, or why not.' },
    },
    resolve: async (_root, { input }, ctx) => {
      const outcome = await refreshSession(signInDeps(ctx), input.refreshToken);
      if (outcome.kind !== 'refreshed') throw new InvalidRefreshTokenError();
      return outcome.tokens;
    },
  }),
);

builder.mutationField('logout', (t) =>
  t.field({
    type: LogoutPayload,
    nullable: true,
    description:
      'Ends the session of the access token in `Authorization`: it and its refresh token stop working at once.',
    authScopes: { customer: true },
    resolve: async (_root, _args, ctx) => {
      // The customer scope has let only a customer through.
      if (ctx.viewer.kind !== 'customer') return null;
      return { sessionEnded: await signOut(signInDeps(ctx), ctx.viewer) };
    },
  }),
);
