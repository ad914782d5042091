import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  validate,
} from 'graphql';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import {
  type Authenticate,
  credentialsFromHeaders,
  UnauthenticatedError,
} from '../auth/authenticate.js';
import { type ClientIpResolver, clientIpOf } from '../auth/client-ip.js';
import type { Viewer } from '../auth/viewer.js';

/** Whether a request carries an internal key: the operators' pass to GraphiQL and `/metrics`. */
export type OperatorCheck = (request: Request, serverContext?: unknown) => Promise<boolean>;

/**
 * Authenticates a request outside the GraphQL path (GraphiQL's page and `/metrics` are answered
 * before `useViewer` runs). A bad or missing credential is simply "not an operator".
 */
export function createOperatorCheck(options: {
  authenticate: Authenticate;
  clientIp: ClientIpResolver;
}): OperatorCheck {
  return async (request, serverContext) => {
    if (!request.headers.has('authorization') && !request.headers.has('x-api-key')) return false;
    const ip = clientIpOf(options.clientIp, request, serverContext);
    try {
      return (
        (await options.authenticate(credentialsFromHeaders(request.headers, ip))).kind ===
        'internal'
      );
    } catch (error) {
      if (error instanceof UnauthenticatedError) return false;
      throw error;
    }
  };
}

/** Yoga's `graphiql` option: on in development, else only for a browser sending an internal key. */
export function graphiqlFor(options: {
  development: boolean;
  graphiql: GraphiQLOptions;
  isOperator: OperatorCheck;
}) {
  if (options.development) return options.graphiql;
  return async (request: Request, serverContext?: unknown) =>
    (await options.isOperator(request, serverContext)) ? options.graphiql : false;
}

/**
 * Introspection (`__schema`, `__type`) only for internal keys, unless `allowEveryone`
 * (development). Checked per request, before execution, so a refused operation makes no upstream
 * call; `__typename` stays allowed. Not a validation rule: Yoga caches validation by document,
 * and the answer here depends on the viewer.
 */
export function useIntrospectionGate(options: { allowEveryone: boolean }): Plugin {
  const introspects = new WeakMap<DocumentNode, boolean>();
  const asksForIntrospection = (schema: GraphQLSchema, document: DocumentNode) => {
    let answer = introspects.get(document);
    if (answer === undefined) {
      answer = validate(schema, document, [NoSchemaIntrospectionCustomRule]).length > 0;
      introspects.set(document, answer);
    }
    return answer;
  };

  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (options.allowEveryone) return;
      const viewer = (args.contextValue as { viewer?: Viewer }).viewer;
      if (viewer?.kind === 'internal') return;
      if (!asksForIntrospection(args.schema, args.document)) return;
      setResultAndStopExecution({ errors: [introspectionDisabled()] });
    },
  };
}

function introspectionDisabled(): GraphQLError {
  return new GraphQLError(
    'Introspection is disabled on this server; only internal API keys may introspect.',
    { extensions: { code: 'INTROSPECTION_DISABLED', http: { status: 403 } } },
  );
}
