import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ExecutionArgs, GraphQLError } from 'graphql';
import { CloseCode, type SubscribePayload } from 'graphql-ws';
import { type Extra, useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import {
  type Credentials,
  credentialsFromConnectionParams,
  UnauthenticatedError,
} from '../auth/authenticate.js';
import { createClientIpResolver } from '../auth/client-ip.js';
import type { Viewer } from '../auth/viewer.js';
import type { Config } from '../config.js';
import type { Context } from '../context.js';
import type { Logger } from '../logger.js';
import { loadPersistedManifest } from '../persisted/manifest.js';
import { setViewerOf } from '../plugins/use-viewer.js';
import { documentOf } from './ws-document.js';
import { markWsRequest } from './ws-requests.js';

/** graphql-ws on the GraphQL path of the same HTTP server. */
export interface GraphqlWsServer {
  /** Closes every socket with a code clients reconnect from (1001 going away), then the server. */
  close(): Promise<void>;
}

export interface GraphqlWsOptions {
  readonly server: Server;
  readonly path: string;
  readonly yoga: YogaServerInstance<Record<string, unknown>, Context>;
  /** The same `authenticate` as HTTP, fed from `connection_init`'s payload. */
  readonly authenticate: (credentials: Credentials) => Promise<Viewer>;
  readonly config: Config;
  readonly logger: Logger;
}

/**
 * Close codes besides graphql-ws's own (4400–4499 are the protocol's): a client seeing one of
 * these reconnects and resumes with `after`.
 */
export const WS_CLOSE = {
  /** Shutdown or restart: reconnect (to another replica). */
  goingAway: 1001,
  /** The socket's send buffer passed `MAX_BUFFERED_BYTES`, or its events `MAX_PENDING_EVENTS`. */
  slowConsumer: 4008,
} as const;

/** A socket with more unsent than this is closed (`WS_CLOSE.slowConsumer`) rather than fed on. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

/** The largest message a client may send (a subscribe with its document and variables). */
const MAX_MESSAGE_BYTES = 256 * 1024;

/** How long shutdown waits for clients to answer the close before cutting them. */
const CLOSE_WAIT_MS = 2_000;

interface Operation {
  readonly execute: (args: ExecutionArgs) => unknown;
  readonly subscribe: (args: ExecutionArgs) => unknown;
}

export function attachGraphqlWs(options: GraphqlWsOptions): GraphqlWsServer {
  const { server, path, config } = options;
  const logger = options.logger.child({ component: 'graphql-ws' });
  const perConnection = config.realtime.subscriptionsPerConnection;
  const manifest = loadPersistedManifest(config.access.persistedOperationsFile);
  const resolveIp = createClientIpResolver(config.access.trustProxy);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const credentialsOf = (params: Record<string, unknown> | undefined, request: IncomingMessage) =>
    credentialsFromConnectionParams(
      params,
      resolveIp(
        request.socket.remoteAddress,
        headerText(request.headers['x-forwarded-for']) ?? null,
      ),
    );

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((request.url ?? '/').split('?', 1)[0] !== path) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  server.on('upgrade', onUpgrade);

  const disposable = useServer(
    {
      execute: (args) => (args.rootValue as Operation).execute(args) as never,
      subscribe: (args) => (args.rootValue as Operation).subscribe(args) as never,
      // The credential is checked once here (a bad one closes the socket), and again on every
      // subscribe: an expired or revoked one starts nothing new.
      onConnect: async (ctx) => {
        try {
          await options.authenticate(credentialsOf(ctx.connectionParams, ctx.extra.request));
          return true;
        } catch (error) {
          if (!(error instanceof UnauthenticatedError)) throw error;
          ctx.extra.socket.close(CloseCode.Forbidden, error.message.slice(0, 120));
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        // graphql-ws has already entered this operation in `subscriptions`.
        if (Object.keys(ctx.subscriptions).length > perConnection) {
          return [tooManyOnConnection(perConnection)];
        }
        let viewer: Viewer;
        try {
          viewer = await options.authenticate(
            credentialsOf(ctx.connectionParams, ctx.extra.request),
          );
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const document = documentOf(payload, viewer, manifest);
        if (document instanceof GraphQLError) return [document];
        return executionArgs(options, ctx.extra, viewer, payload, document);
      },
      onNext: (ctx) => {
        const { socket } = ctx.extra;
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          logger.info({ buffered: socket.bufferedAmount }, 'closing a slow websocket consumer');
          socket.close(WS_CLOSE.slowConsumer, 'Slow consumer: reconnect and resume with after');
        }
      },
      onError: (ctx, _id, _payload, errors) => {
        if (errors.some(isSlowConsumer)) {
          ctx.extra.socket.close(
            WS_CLOSE.slowConsumer,
            'Slow consumer: reconnect and resume with after',
          );
        }
      },
    },
    wss,
  );

  return {
    async close() {
      server.off('upgrade', onUpgrade);
      const cut = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, CLOSE_WAIT_MS);
      try {
        // Every socket gets 1001 ("going away"); their subscriptions end with them.
        await disposable.dispose();
      } finally {
        clearTimeout(cut);
      }
    },
  };
}

/**
 * One operation's execution arguments, built through Yoga's envelop (Yoga's graphql-ws recipe):
 * the same context factory and plugin hooks as HTTP (parse, validate, context, execute,
 * subscribe). Its request stands for the socket's, carrying the viewer `useViewer` would have set.
 */
async function executionArgs(
  options: GraphqlWsOptions,
  extra: Extra,
  viewer: Viewer,
  payload: SubscribePayload,
  query: string,
): Promise<ExecutionArgs | readonly GraphQLError[]> {
  const request = new Request(`http://gateway${options.path}`);
  setViewerOf(request, viewer);
  markWsRequest(request);
  const { schema, execute, subscribe, contextFactory, parse, validate } = options.yoga.getEnveloped(
    {
      request,
      req: extra.request,
      socket: extra.socket,
      params: payload,
    },
  );
  let document: ReturnType<typeof parse>;
  try {
    document = parse(query);
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
  const errors = validate(schema, document);
  if (errors.length > 0) return errors;
  return {
    schema,
    document,
    operationName: payload.operationName,
    variableValues: payload.variables,
    contextValue: await contextFactory(),
    rootValue: { execute, subscribe } satisfies Operation,
  };
}

function isSlowConsumer(error: GraphQLError): boolean {
  const original = error.originalError;
  const code = (original instanceof GraphQLError ? original : error).extensions?.code;
  return code === 'SLOW_CONSUMER';
}

function tooManyOnConnection(max: number): GraphQLError {
  return new GraphQLError(
    `Too many subscriptions on this connection (at most ${max}): complete one, or open another connection.`,
    { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', max } },
  );
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
