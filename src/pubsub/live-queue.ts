import { GraphQLError } from 'graphql';

/**
 * A subscriber more than this many events behind is dropped (`SlowConsumerError`) rather than
 * buffered without bound; it resumes with `after` from the last event it got.
 */
export const MAX_PENDING_EVENTS = 256;

/** The subscriber fell too far behind: its stream ends; resuming with `after` loses nothing. */
export class SlowConsumerError extends GraphQLError {
  constructor() {
    super(
      'Too many events waiting for this subscriber: resubscribe with `after` (or Last-Event-ID).',
      {
        extensions: { code: 'SLOW_CONSUMER' },
      },
    );
  }
}

export interface LiveQueue<T> extends AsyncIterable<T> {
  /** Stops listening; the iteration ends once what is queued has been taken. */
  close(): void;
}

/**
 * Takes values from `source` as they come (its first `next()` runs now, so listening starts
 * before this returns) and queues at most `maxPending` of them for one reader.
 */
export function createLiveQueue<T>(
  source: AsyncIterable<T>,
  maxPending = MAX_PENDING_EVENTS,
): LiveQueue<T> {
  const iterator = source[Symbol.asyncIterator]();
  const pending: T[] = [];
  let failure: unknown;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const stop = () => {
    if (ended) return;
    ended = true;
    notify();
    void iterator.return?.();
  };

  void (async () => {
    try {
      while (!ended) {
        const next = await iterator.next();
        if (next.done) break;
        if (pending.length >= maxPending) {
          failure = new SlowConsumerError();
          break;
        }
        pending.push(next.value);
        notify();
      }
    } catch (error) {
      failure = error;
    } finally {
      stop();
    }
  })();

  return {
    close: stop,
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          const value = pending.shift();
          if (value !== undefined) {
            yield value;
            continue;
          }
          if (failure !== undefined) throw failure;
          if (ended) return;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      } finally {
        stop();
      }
    },
  };
}
