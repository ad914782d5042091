import type { FieldComplexityValue } from '@pothos/plugin-complexity';
import {
  type GraphQLOutputType,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
} from 'graphql';
import { type ConnectionWindowArgs, DEFAULT_PAGE_SIZE } from './catalog/offset-connection.js';
import { MAX_PAGE_SIZE } from './catalog/page-window.js';

/**
 * The cost model of `@pothos/plugin-complexity`, in points: a field costs its own points plus its
 * selection's cost times its multiplier (the number of items it returns). README, "Query cost",
 * documents the rules with worked examples; `test/unit/schema/query-cost.test.ts` keeps them true.
 */

/** Limits applied to every operation before any resolver runs (`src/plugins/use-query-limits.ts`). */
export const QUERY_LIMITS = { complexity: 5_000, depth: 12, breadth: 200 } as const;

/** One upstream list request of its own (a connection page, the category tree): the unit. */
export const UPSTREAM_CALL = 100;

/**
 * A by-id lookup through a DataLoader. Lookups of one kind share `id:in` calls of up to 250 ids,
 * so each pays a share of a call: a twentieth, which makes a default page (20) of them one call.
 */
export const LOOKUP = UPSTREAM_CALL / 20;

/**
 * How many items a list resolved from already-fetched data holds in a realistic store, by item
 * type. They cost nothing themselves; the size multiplies whatever costs something beneath them.
 */
export const IN_MEMORY_LIST_SIZES: Readonly<Record<string, number>> = {
  CategoryTreeItem: 8,
  Variant: 10,
  VariantOption: 3,
  Image: 5,
  CustomField: 5,
  Breadcrumb: 4,
  /** Payment methods a store accepts for one order. */
  PaymentMethod: 4,
  /** Items of one shipment: an order's lines, rarely more than a handful. */
  ShipmentLineItem: 5,
  /** One result per product of a batch update (at most a page of 250). */
  ProductUpdateOutcome: 25,
  /** Domains BigCommerce has blocked for failing callbacks: rarely more than a few. */
  WebhookBlockedDomain: 3,
  /** Quantity bands of one product's bulk pricing: a handful. */
  BulkPricingRule: 5,
  /** Why a domain is blocked: a handful of recent failures. */
  WebhookBlockReason: 5,
};

/** Categories a product is in, in a realistic store. */
export const CATEGORIES_PER_PRODUCT = 3;

/** The multiplier of an object list nobody sized: the plugin's own default, deliberately high. */
export const UNSIZED_LIST = 10;

/** The item type of an object list field, or `undefined` for scalars, objects and scalar lists. */
export function objectListItemType(field: { type: GraphQLOutputType }): string | undefined {
  const type = getNullableType(field.type);
  if (!isListType(type)) return undefined;
  const item = getNamedType(type);
  return isObjectType(item) ? item.name : undefined;
}

/**
 * The cost of every field without a `complexity` option: it is resolved from its parent's data
 * (0), and an object list multiplies its selection by its realistic size. A field that calls a
 * loader or the datasource must declare its cost instead.
 */
export function inMemoryComplexity(
  _args: unknown,
  _ctx: unknown,
  field: { type: GraphQLOutputType },
): FieldComplexityValue {
  const item = objectListItemType(field);
  if (item === undefined) return 0;
  return { field: 0, multiplier: IN_MEMORY_LIST_SIZES[item] ?? UNSIZED_LIST };
}

/**
 * A connection: one upstream call (two for `last` without `before`, which first asks for the total),
 * and its selection once per item of the page (`first` or `last`, default 20). A size outside 1–250
 * is clamped here so that the resolver, not the budget, refuses it (`BAD_USER_INPUT`).
 */
export function connectionComplexity(args: ConnectionWindowArgs): FieldComplexityValue {
  const requested = args.first ?? args.last ?? DEFAULT_PAGE_SIZE;
  const pageSize = Math.min(Math.max(requested, 0), MAX_PAGE_SIZE);
  const calls = args.last != null && args.before == null && args.first == null ? 2 : 1;
  return { field: calls * UPSTREAM_CALL, multiplier: pageSize };
}

/** `nodes(ids:)`: one lookup per id, and the selection once per id. */
export function nodesComplexity(args: { ids: readonly unknown[] }): FieldComplexityValue {
  return { field: LOOKUP * args.ids.length, multiplier: args.ids.length };
}
