import { type ExecutionArgs, GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { RateLimiter } from '../auth/rate-limiter.js';
import { rateLimitSubject, type Viewer } from '../auth/viewer.js';
import type { EntityCache } from '../cache/entity-cache.js';
import type { Config } from '../config.js';
import type { Context } from '../context.js';
import { createLoaders } from '../loaders.js';
import { limitErrors, operationCostOf } from '../plugins/use-query-limits.js';
import { budgetOf, requestWeight } from '../plugins/use-rate-limit.js';
import { QUERY_LIMITS } from '../schema/query-cost.js';
import { currentEventIdOf, registerCatalogLoaders } from './event-context.js';
import { createEventSharing, shareKeyOf } from './shared-events.js';
import { isWsContext } from './ws-requests.js';

export interface UseSubscriptionsOptions {
  /** What fresh catalog loaders are built on, per event (as `createContext` builds them). */
  readonly cache: EntityCache;
  readonly storeHash: string;
  /** Live subscriptions one key, customer or anonymous address may hold on this replica. */
  readonly perKey: number;
  /** WebSocket operations draw on the same budgets as HTTP (`useRateLimit` sees only HTTP). */
  readonly limiter: RateLimiter;
  readonly rateLimits: Config['access']['rateLimits'];
}

/**
 * Subscriptions, whichever transport carries them (SSE or graphql-ws): measured against the query
 * limits like any operation (`useQueryLimits` sees executions only), counted per caller, given
 * fresh loaders per event (public catalog events: executed once per group of alike subscribers,
 * `shared-events.ts`), and each event's result tagged `extensions.eventId` (the resume point,
 * and SSE's `id:`). WebSocket operations are also charged to their caller's rate limit.
 */
export function useSubscriptions(options: UseSubscriptionsOptions): Plugin<Context>[] {
  const active = new Map<string, number>();
  const sharing = createEventSharing();
  const release = (subject: string) => {
    const left = (active.get(subject) ?? 1) - 1;
    if (left > 0) active.set(subject, left);
    else active.delete(subject);
  };

  const subscriptions: Plugin<Context> = {
    async onSubscribe({ args, subscribeFn, setResultAndStopExecution, setSubscribeFn }) {
      const ctx = args.contextValue as Context;
      const limited = limitErrors(args, QUERY_LIMITS);
      if (limited.length > 0) return setResultAndStopExecution({ errors: [...limited] });
      const refusal = isWsContext(ctx)
        ? await charge(options, ctx.viewer, operationCostOf(ctx) ?? 0)
        : undefined;
      if (refusal) return setResultAndStopExecution({ errors: [refusal] });
      const subject = rateLimitSubject(ctx.viewer);
      const held = active.get(subject) ?? 0;
      if (held >= options.perKey) {
        return setResultAndStopExecution({ errors: [tooManySubscriptions(options.perKey)] });
      }
      active.set(subject, held + 1);
      let released = false;
      const releaseOnce = () => {
        if (!released) release(subject);
        released = true;
      };
      // Public catalog events: executed once per group of alike subscribers, already tagged.
      const shareKey = shareKeyOf(args, ctx.viewer);
      if (shareKey !== undefined) setSubscribeFn(sharing.subscribe(shareKey, subscribeFn));
      registerCatalogLoaders(ctx, (c) =>
        createLoaders({
          catalog: c.catalog,
          cache: options.cache,
          storeHash: options.storeHash,
          stale: c.stale,
        }),
      );
      return {
        onSubscribeResult({ result }) {
          if (!isAsyncIterable(result)) return releaseOnce();
          if (shareKey !== undefined) return { onEnd: releaseOnce };
          return {
            onNext({ result: next, setResult }) {
              const eventId = currentEventIdOf(ctx);
              if (eventId) setResult({ ...next, extensions: { ...next.extensions, eventId } });
            },
            onEnd: releaseOnce,
          };
        },
        onSubscribeError: releaseOnce,
      };
    },
  };

  // Queries and mutations sent over a socket: charged as `useRateLimit` charges HTTP ones.
  const wsExecutions: Plugin<Context> = {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (!isWsContext(args.contextValue)) return;
      setExecuteFn(async (executionArgs: ExecutionArgs) => {
        const ctx = executionArgs.contextValue as Context;
        const refusal = await charge(options, ctx.viewer, operationCostOf(ctx) ?? 0);
        return refusal ? { errors: [refusal] } : executeFn(executionArgs);
      });
    },
  };

  return [subscriptions, wsExecutions];
}

async function charge(
  options: UseSubscriptionsOptions,
  viewer: Viewer,
  cost: number,
): Promise<GraphQLError | undefined> {
  const budget = budgetOf(viewer, options.rateLimits);
  const state = await options.limiter.charge(budget.subject, budget.spec, requestWeight(cost));
  if (state.allowed) return undefined;
  const seconds = Math.max(1, Math.ceil(state.resetMs / 1000));
  return new GraphQLError(`Rate limit exceeded: retry in ${seconds} s.`, {
    extensions: { code: 'RATE_LIMITED', retryAfterSeconds: seconds },
  });
}

function tooManySubscriptions(max: number): GraphQLError {
  return new GraphQLError(
    `Too many live subscriptions for this caller (at most ${max} per replica): end one first.`,
    { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', max } },
  );
}
