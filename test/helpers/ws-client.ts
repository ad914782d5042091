import { type Client, createClient } from 'graphql-ws';
import { WebSocket } from 'ws';

/** A graphql-ws client of a gateway, with how its socket closed once it has. */
export interface WsClient {
  client: Client;
  closed: Promise<{ code: number; reason: string }>;
  /** Subscribes; `next()` resolves the next payload (data, errors, extensions). */
  subscribe(query: string, variables?: Record<string, unknown>): Subscription;
  dispose(): Promise<void>;
}

export interface Subscription {
  next(): Promise<Payload>;
  /** Resolves once the server completed (or failed) the subscription. */
  done: Promise<void>;
  received: Payload[];
}

export interface Payload {
  // biome-ignore lint/suspicious/noExplicitAny: read by path in assertions.
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

export function wsClient(endpoint: string, connectionParams?: Record<string, unknown>): WsClient {
  let onClosed: (value: { code: number; reason: string }) => void = () => {};
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    onClosed = resolve;
  });
  const client = createClient({
    url: endpoint.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams,
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        onClosed({ code, reason: String(reason) });
      },
    },
  });
  return {
    client,
    closed,
    subscribe(query, variables) {
      const received: Payload[] = [];
      const waiting: ((payload: Payload) => void)[] = [];
      let finish: () => void = () => {};
      const done = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const deliver = (payload: Payload) => {
        received.push(payload);
        waiting.shift()?.(payload);
      };
      let read = 0;
      client.subscribe(
        { query, variables },
        {
          next: (payload) => deliver(payload as Payload),
          error: (error) => {
            deliver({ errors: Array.isArray(error) ? error : [{ message: String(error) }] });
            finish();
          },
          complete: finish,
        },
      );
      return {
        received,
        done,
        next() {
          const index = read++;
          const ready = received[index];
          if (ready) return Promise.resolve(ready);
          return new Promise((resolve) => {
            waiting.push(resolve);
          });
        },
      };
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}

/** An SSE subscription over fetch; `events()` yields `{ id, data }` as they come. */
export async function sseSubscribe(
  endpoint: string,
  query: string,
  headers: Record<string, string> = {},
) {
  const controller = new AbortController();
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query }),
    signal: controller.signal,
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  async function next(): Promise<{ id?: string; event?: string; data?: Payload } | undefined> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          block
            .split('\n')
            .filter((line) => line && !line.startsWith(':'))
            .map((line) => [
              line.slice(0, line.indexOf(':')),
              line.slice(line.indexOf(':') + 1).trim(),
            ]),
        );
        if (Object.keys(fields).length === 0) continue;
        return {
          id: fields.id,
          event: fields.event,
          data: fields.data ? (JSON.parse(fields.data) as Payload) : undefined,
        };
      }
      const chunk = await reader.read();
      if (chunk.done) return undefined;
      buffer += chunk.value;
    }
  }
  return {
    response,
    next,
    close: () => {
      controller.abort();
      return reader.cancel().catch(() => {});
    },
  };
}

/** Polls `condition` until true (no fixed sleeps). */
export async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
