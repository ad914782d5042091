import { builder } from '../builder.js';
import { errorTypeOptions, UserError } from '../errors.js';

/** One message for a wrong password and an unknown email, so the answer tells no one which. */
export class InvalidCredentialsError extends UserError {
  override readonly name = 'InvalidCredentialsError';
  readonly code = 'INVALID_CREDENTIALS';
  constructor() {
    super('The email or password is not correct.');
  }
}

export class TooManyAttemptsError extends UserError {
  override readonly name = 'TooManyAttemptsError';
  readonly code = 'TOO_MANY_ATTEMPTS';
  constructor(readonly retryAfterSeconds: number) {
    super('Too many sign-in attempts. Try again later.');
  }
}

/** Unknown, expired, used-up or reused: one answer (a reuse has also ended the session). */
export class InvalidRefreshTokenError extends UserError {
  override readonly name = 'InvalidRefreshTokenError';
  readonly code = 'INVALID_REFRESH_TOKEN';
  constructor() {
    super('The refresh token is not valid: sign in again.', { field: 'input.refreshToken' });
  }
}

export class InvalidCustomerTokenError extends UserError {
  override readonly name = 'InvalidCustomerTokenError';
  readonly code = 'INVALID_CUSTOMER_TOKEN';
  constructor() {
    super('The storefront customer token is not valid or has expired.', { field: 'input.token' });
  }
}

/** The gateway was not given what a sign-in method needs (the app's client secret). */
export class LoginMethodUnavailableError extends UserError {
  override readonly name = 'LoginMethodUnavailableError';
  readonly code = 'LOGIN_METHOD_UNAVAILABLE';
  constructor() {
    super('Signing in with a storefront customer token is not enabled on this gateway.');
  }
}

builder.objectType(InvalidCredentialsError, {
  name: 'InvalidCredentialsError',
  ...errorTypeOptions(
    InvalidCredentialsError,
    'The email and password do not match a customer (either may be wrong).',
  ),
});
builder.objectType(TooManyAttemptsError, {
  name: 'TooManyAttemptsError',
  ...errorTypeOptions(
    TooManyAttemptsError,
    'Too many sign-in attempts for this account or from this address.',
  ),
  fields: (t) => ({
    retryAfterSeconds: t.exposeInt('retryAfterSeconds', {
      description: 'Seconds to wait before trying again.',
    }),
  }),
});
builder.objectType(InvalidRefreshTokenError, {
  name: 'InvalidRefreshTokenError',
  ...errorTypeOptions(
    InvalidRefreshTokenError,
    'The refresh token is unknown, expired or already used. Using one twice ends its session.',
  ),
});
builder.objectType(InvalidCustomerTokenError, {
  name: 'InvalidCustomerTokenError',
  ...errorTypeOptions(
    InvalidCustomerTokenError,
    'The Current Customer JWT is not signed with the app’s secret, has expired, or is for another store.',
  ),
});
builder.objectType(LoginMethodUnavailableError, {
  name: 'LoginMethodUnavailableError',
  ...errorTypeOptions(
    LoginMethodUnavailableError,
    'This way of signing in is not configured on the gateway (for storefront tokens: `BIGCOMMERCE_CLIENT_SECRET`).',
  ),
});
