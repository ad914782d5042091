import { type ExecutionArgs, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RateLimiter, RateLimitState } from '../auth/rate-limiter.js';
import { type RateLimitSpec, rateLimitSubject, type Viewer } from '../auth/viewer.js';
import type { Config } from '../config.js';
import { handoffOf } from '../fast-path/handoff.js';
import { operationCostOf } from './use-query-limits.js';
import { viewerOf } from './use-viewer.js';

/**
 * What one unit of a rate limit buys: a typical storefront page, a 20-product listing with each
 * product's brand and categories (100 + 20 × (5 + 5) = 300 points, about three upstream calls).
 * An operation weighs `max(1, ceil(cost / 300))` units: anything up to such a page counts 1, the
 * README's 50-product listing (600) counts 2, the costliest operation allowed (5000) counts 17.
 */
export const TYPICAL_PAGE_COST = 300;

/** The units an operation of `cost` points takes from its caller's budget. */
export function requestWeight(cost: number): number {
  return Math.max(1, Math.ceil(cost / TYPICAL_PAGE_COST));
}

/** Whose budget a viewer draws on and how big it is: a key's own, else its kind's default. */
export function budgetOf(viewer: Viewer, limits: Config['access']['rateLimits']): Budget {
  const spec =
    viewer.kind === 'partner' || viewer.kind === 'internal'
      ? (viewer.rateLimit ?? limits[viewer.kind])
      : limits[viewer.kind];
  return { policy: viewer.kind, subject: rateLimitSubject(viewer), spec };
}

export interface Budget {
  /** The policy's name in the `RateLimit-Policy` and `RateLimit` headers. */
  readonly policy: string;
  readonly subject: string;
  readonly spec: RateLimitSpec;
}

export interface UseRateLimitOptions {
  readonly limiter: RateLimiter;
  readonly limits: Config['access']['rateLimits'];
  /** Only GraphQL requests are counted (and get the headers). */
  readonly graphqlPath: string;
}

/**
 * Rate limits per caller (`rateLimitSubject`), weighted by cost. One unit is charged when a request
 * arrives, so that even a request that never parses counts; the rest of its weight once its cost
 * is measured (`useQueryLimits`), right before it executes, so a refused operation makes no
 * upstream call. An answer from the whole-response cache makes none either and is charged only the
 * first unit. Every counted answer carries the IETF `RateLimit-Policy` and `RateLimit` headers
 * (draft-ietf-httpapi-ratelimit-headers); a refused one is a 429 with `Retry-After`.
 */
export function useRateLimit(options: UseRateLimitOptions): Plugin {
  const { limiter, limits } = options;
  const counted = new WeakMap<Request, { budget: Budget; state: RateLimitState }>();

  return {
    async onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      if (url.pathname !== options.graphqlPath || request.method === 'OPTIONS') return;
      const viewer = viewerOf(request);
      if (!viewer) return;
      // The fast path may have taken the first unit already, on its way to a miss.
      const charged = handoffOf(serverContext)?.charged;
      const budget = charged?.budget ?? budgetOf(viewer, limits);
      const state = charged?.state ?? (await limiter.charge(budget.subject, budget.spec, 1));
      counted.set(request, { budget, state });
      if (state.allowed) return;
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [rateLimited(state)] }), {
          status: 429,
          headers: { 'content-type': 'application/json' },
        }),
      );
    },
    onExecute({ args, executeFn, setExecuteFn }) {
      const request = (args.contextValue as { request?: Request }).request;
      const entry = request && counted.get(request);
      if (!entry) return;
      // Wrapped rather than checked here: this runs only once every onExecute hook (query
      // limits, which measure the cost; the response cache, which may answer) let it through.
      setExecuteFn(async (executionArgs: ExecutionArgs) => {
        const cost = operationCostOf(executionArgs.contextValue as object) ?? 0;
        const rest = requestWeight(cost) - 1;
        if (rest > 0) {
          entry.state = await limiter.charge(entry.budget.subject, entry.budget.spec, rest);
          if (!entry.state.allowed) {
            const { message, extensions } = rateLimited(entry.state);
            const http = { status: 429 };
            return { errors: [new GraphQLError(message, { extensions: { ...extensions, http } })] };
          }
        }
        return executeFn(executionArgs);
      });
    },
    onResponse({ request, response }) {
      const entry = counted.get(request);
      if (!entry) return;
      const { budget, state } = entry;
      const [policy, remaining] = rateLimitHeaderValues(budget, state);
      response.headers.set('RateLimit-Policy', policy);
      response.headers.set('RateLimit', remaining);
      if (!state.allowed) response.headers.set('Retry-After', String(retryAfterSeconds(state)));
    },
  };
}

/** The `RateLimit-Policy` and `RateLimit` header values of a counted answer. */
export function rateLimitHeaderValues(budget: Budget, state: RateLimitState): [string, string] {
  const { requests, windowSeconds } = budget.spec;
  return [
    `"${budget.policy}";q=${requests};w=${windowSeconds}`,
    `"${budget.policy}";r=${state.remaining};t=${Math.ceil(state.resetMs / 1000)}`,
  ];
}

function retryAfterSeconds(state: RateLimitState): number {
  return Math.max(1, Math.ceil(state.resetMs / 1000));
}

/** The one error of a refused request, as clients see it. */
function rateLimited(state: RateLimitState) {
  const seconds = retryAfterSeconds(state);
  return {
    message: `Rate limit exceeded: retry in ${seconds} s.`,
    extensions: { code: 'RATE_LIMITED', retryAfterSeconds: seconds },
  };
}
