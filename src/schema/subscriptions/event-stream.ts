import { GraphQLError } from 'graphql';
import type { Scope } from '../../auth/scopes.js';
import { hasScope, type Viewer } from '../../auth/viewer.js';
import type { Context } from '../../context.js';
import { isEventId } from '../../pubsub/event-ids.js';
import type { TopicName, Topics } from '../../pubsub/topics.js';
import { noteEvent, renewEventLoaders, resumePointOf } from '../../subscriptions/event-context.js';
import { builder } from '../builder.js';

/** What `admit` answers to end the subscription: nothing more can ever reach this subscriber. */
export const END_STREAM = Symbol('end of stream');

/**
 * A topic's events for one subscription: resumed after `after` (or the SSE `Last-Event-ID`),
 * narrowed by `admit` (filters and access checks, per event; `undefined` skips the event), ended
 * at once when the client goes.
 */
export function eventStream<K extends TopicName, P>(
  ctx: Context,
  topic: K,
  after: string | null | undefined,
  admit: (event: Topics[K]) => Admitted<P> | Promise<Admitted<P>>,
): AsyncIterable<P> {
  const resumeAfter = resumePointOf(ctx, after);
  if (resumeAfter !== undefined && !isEventId(resumeAfter)) {
    throw new GraphQLError('`after` must be an eventId this server sent (`<ms>-<seq>`).', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  // Taken out of the context, so a stream whose events are executed elsewhere (shared ones) does
  // not keep its context alive.
  const bus = ctx.events;
  return {
    [Symbol.asyncIterator]: () =>
      admittedEvents(
        (signal) => bus.subscribe(topic, { after: resumeAfter, signal })[Symbol.asyncIterator](),
        admit,
      ),
  };
}

/**
 * The admitted events of the stream `open` starts on the first `next()`. `return()` ends it at
 * once, even while it waits for an event: the abort ends the bus's iteration, whose pending read
 * then resolves done (a generator would wait for the next event instead).
 */
function admittedEvents<E, P>(
  open: (signal: AbortSignal) => AsyncIterator<E>,
  admit: (event: E) => Admitted<P> | Promise<Admitted<P>>,
): AsyncIterator<P> {
  const ending = new AbortController();
  let events: AsyncIterator<E> | undefined;
  let done = false;
  const finish = (): IteratorResult<P> => {
    if (!done) {
      done = true;
      ending.abort();
      events?.return?.().catch(() => {});
    }
    return { done: true, value: undefined };
  };
  return {
    async next() {
      if (done) return finish();
      events ??= open(ending.signal);
      try {
        for (;;) {
          const next = await events.next();
          if (done || next.done) return finish();
          const admitted = await admit(next.value);
          if (admitted === END_STREAM) return finish();
          if (done) return finish();
          if (admitted !== undefined) return { done: false, value: admitted };
        }
      } catch (error) {
        finish();
        throw error;
      }
    },
    return: async () => finish(),
    async throw(error: unknown) {
      finish();
      throw error;
    },
  };
}

/** The event as the subscriber gets it; `undefined` skips it. */
type Admitted<P> = P | undefined | typeof END_STREAM;

/**
 * The root field's `resolve`, once per event before its fields: fresh loaders (the object as it
 * is now), and the id its result carries.
 */
export function startEvent<P extends { eventId: string }>(payload: P, ctx: Context): P {
  renewEventLoaders(ctx);
  noteEvent(ctx, payload.eventId);
  return payload;
}

/**
 * Keys need `subscriptions` plus what reading the object needs; shoppers and anonymous callers
 * are checked by ownership (per field) instead.
 */
export function keysHolding(...scopes: Scope[]) {
  return (_root: unknown, _args: unknown, ctx: Context) => mayListen(ctx.viewer, scopes);
}

function mayListen(viewer: Viewer, scopes: readonly Scope[]): boolean {
  if (viewer.kind !== 'partner' && viewer.kind !== 'internal') return true;
  return hasScope(viewer, 'subscriptions') && scopes.every((scope) => hasScope(viewer, scope));
}

/** What every event type shares: its place in the stream and when it happened. */
export const StoreEventInterface = builder
  .interfaceRef<{ readonly eventId: string; readonly occurredAt: string }>('StoreEvent')
  .implement({
    description: 'A change in the store, as a subscription delivers it.',
    fields: (t) => ({
      eventId: t.exposeID('eventId', {
        description: 'The event’s place in the stream: pass it as `after` to resume after it.',
      }),
      occurredAt: t.field({
        type: 'DateTime',
        description: 'When BigCommerce says the change happened.',
        resolve: (event) => event.occurredAt,
      }),
    }),
  });

/** The `after` argument every subscription field takes. */
export const AFTER_ARG_OPTIONS = {
  required: false,
  description: 'Resume after this `eventId`: missed events still in the history come first.',
} as const;
