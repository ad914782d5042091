import { getSSEProcessor, isAsyncIterable, type Plugin } from 'graphql-yoga';
import { isEventId } from '../pubsub/event-ids.js';
import { setLastEventId } from './event-context.js';

/**
 * SSE (Yoga's `text/event-stream`) made resumable: each event goes out with `id: <eventId>` (from
 * the result's `extensions.eventId`, see `useSubscriptions`), and a client that reconnects with
 * `Last-Event-ID` (EventSource does it by itself) resumes after it: the header stands for the
 * subscription field's `after` when that is not given.
 */
export function useEventStream(options: { graphqlPath: string }): Plugin {
  const sse = getSSEProcessor();
  return {
    onRequest({ request, url }) {
      if (url.pathname !== options.graphqlPath) return;
      const last = request.headers.get('last-event-id')?.trim();
      if (last && isEventId(last)) setLastEventId(request, last);
    },
    onResultProcess({ request, result, setResultProcessor }) {
      if (!isAsyncIterable(result)) return;
      if (!request.headers.get('accept')?.includes('text/event-stream')) return;
      setResultProcessor(async (value, fetchAPI, mediaType) => {
        const response = await sse(value, fetchAPI, mediaType);
        if (!response.body) return response;
        return new fetchAPI.Response(response.body.pipeThrough(withEventIds()), response);
      }, 'text/event-stream');
    },
  };
}

/**
 * Adds an `id:` line to each event whose data carries an id. Yoga's chunks may arrive split or
 * merged, so the text is cut into events at their blank lines first.
 */
function withEventIds(): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let pending = '';
  return new TransformStream({
    transform(chunk, controller) {
      pending += decoder.decode(chunk, { stream: true });
      let end = pending.indexOf('\n\n');
      while (end >= 0) {
        controller.enqueue(encoder.encode(withId(pending.slice(0, end + 2))));
        pending = pending.slice(end + 2);
        end = pending.indexOf('\n\n');
      }
    },
    flush(controller) {
      if (pending) controller.enqueue(encoder.encode(pending));
    },
  });
}

function withId(event: string): string {
  const data = event.split('\n').find((line) => line.startsWith('data: '));
  const eventId = data && eventIdOf(data.slice(6));
  return eventId ? `id: ${eventId}\n${event}` : event;
}

function eventIdOf(json: string): string | undefined {
  try {
    const value = JSON.parse(json) as { extensions?: { eventId?: unknown } };
    const id = value.extensions?.eventId;
    return typeof id === 'string' && isEventId(id) ? id : undefined;
  } catch {
    return undefined;
  }
}
