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

/** A queue its producer pushes into: one per reader, fed by one listener per topic. */
export interface PushQueue<T> extends LiveQueue<T> {
  /**
   * Queues `value` for the reader; past `maxPending` waiting, the queue fails with
   * `SlowConsumerError` instead (after what it already holds). False once it has ended.
   */
  push(value: T): boolean;
  /** Ends the iteration with `error` once what is queued has been taken. */
  fail(error: unknown): void;
}

/** A queue of at most `maxPending` values waiting for one reader; `onEnd` once it ends. */
export function createPushQueue<T>(
  maxPending = MAX_PENDING_EVENTS,
  onEnd?: () => void,
): PushQueue<T> {
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
    onEnd?.();
  };
  const fail = (error: unknown) => {
    if (ended) return;
    failure = error;
    stop();
  };

  return {
    push(value) {
      if (ended) return false;
      if (pending.length >= maxPending) {
        fail(new SlowConsumerError());
        return false;
      }
      pending.push(value);
      notify();
      return true;
    },
    fail,
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

/**
 * Takes values from `source` as they come (its first `next()` runs now, so listening starts
 * before this returns) and queues at most `maxPending` of them for one reader.
 */
export function createLiveQueue<T>(
  source: AsyncIterable<T>,
  maxPending = MAX_PENDING_EVENTS,
): LiveQueue<T> {
  const iterator = source[Symbol.asyncIterator]();
  const queue = createPushQueue<T>(maxPending, () => void iterator.return?.());
  void (async () => {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done || !queue.push(next.value)) break;
      }
      queue.close();
    } catch (error) {
      queue.fail(error);
    }
  })();
  return queue;
}
