import {
  type DocumentNode,
  type ExecutionResult,
  getOperationAST,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import { SCOPES } from '../auth/scopes.js';
import { hasScope, type Viewer } from '../auth/viewer.js';

/**
 * Whether an answer may be kept and handed to other callers (the whole-response cache, a CDN):
 * none of its fields failed, and none was served stale (`extensions.cache`), so it is the answer
 * anyone would get now. Who asks (`answerClassOf`) and what they ask for
 * (`asksOnlyPublicFields`) are the other two thirds of the rule.
 */
export function isShareableAnswer(result: ExecutionResult): boolean {
  return !result.errors?.length && result.extensions?.cache === undefined;
}

/**
 * The root fields whose answers are the same for every anonymous caller: the public catalog.
 * Anything else (a cart, a checkout, an order, `me`, `node`, which can be any of them) is
 * someone's, or changes with every write, so it is never shared. A schema test keeps every root
 * field classified, here or in `PERSONAL_QUERY_FIELDS`.
 */
export const PUBLIC_QUERY_FIELDS: ReadonlySet<string> = new Set([
  'brand',
  'brands',
  'category',
  'categoryTree',
  'product',
  'products',
]);

/** Root fields never shared: personal data, or objects any write may change. */
export const PERSONAL_QUERY_FIELDS: ReadonlySet<string> = new Set([
  'cart',
  'checkout',
  'customer',
  'customerGroups',
  'me',
  'node',
  'nodes',
  'order',
  'promotions',
  'webhookAdmin',
  'webhooks',
]);

/**
 * Who may share an answer to public fields: viewers holding the same scopes. What those fields
 * show depends on the scopes alone (hidden products need `catalog:read_hidden`, stock levels
 * `inventory:write`), never on who is asking, so an anonymous caller, a signed-in customer and a
 * `catalog:read` key read the same catalog. Whose headers they get (public or private, their own
 * rate-limit budget) stays each request's.
 */
export function answerClassOf(viewer: Viewer): string {
  // A viewer object per request: the class of shoppers, who all hold the same scopes, is kept.
  if (viewer.kind === 'anonymous' || viewer.kind === 'customer') return SHOPPER_CLASS;
  return scopeList(viewer);
}

const scopeList = (viewer: Viewer) => SCOPES.filter((scope) => hasScope(viewer, scope)).join(' ');

const SHOPPER_CLASS = scopeList({ kind: 'anonymous', clientIp: '' });

const publicDocuments = new WeakMap<DocumentNode, boolean>();

/** Whether the operation's root fields are all public catalog fields (memoized per document). */
export function asksOnlyPublicFields(
  document: DocumentNode,
  operationName?: string | null,
): boolean {
  const cached = operationName ? undefined : publicDocuments.get(document);
  if (cached !== undefined) return cached;
  const operation = getOperationAST(document, operationName);
  const fragments = new Map(
    document.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [],
    ),
  );
  const only = (set: SelectionSetNode, seen: Set<string>): boolean =>
    set.selections.every((selection) => {
      if (selection.kind === Kind.FIELD) {
        return (
          selection.name.value === '__typename' || PUBLIC_QUERY_FIELDS.has(selection.name.value)
        );
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) return only(selection.selectionSet, seen);
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) return fragment !== undefined;
      return only(fragment, new Set([...seen, name]));
    });
  const answer = operation?.operation === 'query' && only(operation.selectionSet, new Set());
  if (!operationName) publicDocuments.set(document, answer);
  return answer;
}
