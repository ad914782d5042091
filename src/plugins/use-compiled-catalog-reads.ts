import { useGraphQlJit } from '@envelop/graphql-jit';
import {
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { asksOnlyPublicFields } from './shareable-answer.js';

/**
 * Compiled execution (graphql-jit) for public catalog reads, the hot path: re-executing a warm
 * 50-product listing field by field cost about 1.6x the CPU of its compiled form (bench, entity
 * cache only). Mutations, subscriptions and personal reads keep the reference executor. Only
 * documents with a single operation are compiled, because the plugin caches one compiled query per
 * document, whatever operation a request names. graphql-jit's field errors carry no AST nodes,
 * so masking (which rebuilds errors from them) would drop their `locations`; the nodes are found
 * again from each error's path, and an answer reads as the reference executor's.
 *
 * Both must come before every plugin that wraps execution (`useRateLimit`), so that they wrap it.
 */
export function useCompiledCatalogReads(): Plugin[] {
  const restoreLocations: Plugin = {
    onExecute({ args }) {
      const operation = compilableOperation(args.document);
      if (!operation) return;
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result || !result.errors?.length) return;
          setResult(withLocations(result, args.document, operation));
        },
      };
    },
  };
  const compiled = useGraphQlJit(
    {},
    { enableIf: ({ document }) => compilableOperation(document) !== undefined },
  );
  return [compiled as Plugin, restoreLocations];
}

const compilable = new WeakMap<DocumentNode, OperationDefinitionNode | null>();

/** The document's one operation, when it is a read of public catalog fields; else `undefined`. */
function compilableOperation(document: DocumentNode): OperationDefinitionNode | undefined {
  let operation = compilable.get(document);
  if (operation === undefined) {
    const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    const only = operations.length === 1 ? operations[0] : undefined;
    operation = only?.operation === 'query' && asksOnlyPublicFields(document) ? only : null;
    compilable.set(document, operation);
  }
  return operation ?? undefined;
}

function withLocations(
  result: ExecutionResult,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): ExecutionResult {
  const fragments = new Map(
    document.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [],
    ),
  );
  const errors = result.errors?.map((error) => {
    // Locations are there, but not the nodes they came from, which error masking rebuilds from.
    if (error.nodes?.length || !error.path) return error;
    const nodes = fieldNodesAt(operation, fragments, error.path);
    if (nodes.length === 0) return error;
    return new GraphQLError(error.message, {
      nodes,
      path: error.path,
      originalError: error.originalError,
      extensions: error.extensions,
    });
  });
  return { ...result, errors };
}

/** The field nodes a response path answers (list indexes skipped), as the executor collects them. */
function fieldNodesAt(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  path: readonly (string | number)[],
): FieldNode[] {
  let sets: SelectionSetNode[] = [operation.selectionSet];
  let nodes: FieldNode[] = [];
  for (const key of path) {
    if (typeof key === 'number') continue;
    nodes = sets.flatMap((set) => fieldsNamed(set, key, fragments));
    sets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  }
  return nodes;
}

function fieldsNamed(
  set: SelectionSetNode,
  responseKey: string,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): FieldNode[] {
  return set.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) {
      return (selection.alias ?? selection.name).value === responseKey ? [selection] : [];
    }
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      return fieldsNamed(selection.selectionSet, responseKey, fragments);
    }
    const fragment = fragments.get(selection.name.value);
    return fragment ? fieldsNamed(fragment.selectionSet, responseKey, fragments) : [];
  });
}
