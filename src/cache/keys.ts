import { createHash } from 'node:crypto';
import { storeHashTag } from '../redis/redis-keys.js';

/**
 * The only place cache keys and tags are built, so webhooks evict exactly what reads wrote.
 *
 * Everything keyed here is shared by every viewer of the store. Customer-specific data (prices
 * for a customer group, carts, orders, anything read with a customer token) never goes through
 * these builders unless its key carries the customer id.
 *
 * Every key and tag of a store starts with the store's hash tag (`{storeHash}`, see
 * `redis-keys.ts`), so on a Redis Cluster they share one slot and tag evictions stay atomic.
 */
export type CacheResource =
  | 'product'
  | 'variant'
  | 'brand'
  | 'category'
  | 'category-tree'
  | 'product-list'
  | 'brand-list'
  | 'category-list';

/** A list query's parameters as sent upstream; `undefined` values are left out of the key. */
export type ListParams = Readonly<
  Record<string, string | number | boolean | readonly (string | number)[] | undefined>
>;

/** Keys longer than this end in a digest so a long `id:in` list does not bloat Redis. */
const MAX_PARAMS_LENGTH = 200;

// Encoding each part keeps `:` inside an id or shape from forging another key.
const part = (value: string | number) => encodeURIComponent(String(value));

export interface EntityKeyInput {
  readonly storeHash: string;
  readonly resource: CacheResource;
  readonly id: string | number;
  /** What was fetched, e.g. `include=variants,images`: one entity cached per shape. */
  readonly shape: string;
}

export function entityKey({ storeHash, resource, id, shape }: EntityKeyInput): string {
  return `e:${storeHashTag(storeHash)}:${resource}:${part(id)}:${part(shape)}`;
}

export interface ListKeyInput {
  readonly storeHash: string;
  readonly resource: CacheResource;
  readonly params: ListParams;
}

export function listKey({ storeHash, resource, params }: ListKeyInput): string {
  return `l:${storeHashTag(storeHash)}:${resource}:${canonicalParams(params)}`;
}

/** Sorted by name, so `{ a, b }` and `{ b, a }` share a key; array order is kept (it may matter). */
function canonicalParams(params: ListParams): string {
  const query = Object.keys(params)
    .sort()
    .flatMap((name) => {
      const value = params[name];
      if (value === undefined) return [];
      const text = Array.isArray(value) ? value.join(',') : String(value);
      return [`${part(name)}=${part(text)}`];
    })
    .join('&');
  if (query.length <= MAX_PARAMS_LENGTH) return query;
  return `sha256-${createHash('sha256').update(query).digest('base64url')}`;
}

/** Tags every cached entry that contains this entity, whatever its shape or list. */
export function entityTag(storeHash: string, resource: CacheResource, id: string | number): string {
  return `et:${storeHashTag(storeHash)}:${resource}:${part(id)}`;
}

/** Tags every cached entry of a resource type, e.g. to drop all category lists at once. */
export function resourceTag(storeHash: string, resource: CacheResource): string {
  return `rt:${storeHashTag(storeHash)}:${resource}`;
}

/** Tags every cached whole response whose query can return this GraphQL type. */
export function responseTypeTag(storeHash: string, typename: string): string {
  return `rt:${storeHashTag(storeHash)}:graphql:${part(typename)}`;
}

/** The whole cached answer to one anonymous operation (`digest` of query, variables, name). */
export function responseKey(storeHash: string, digest: string): string {
  return `r:${storeHashTag(storeHash)}:${part(digest)}`;
}

/**
 * A whole answer as it went out (headers and bytes), for the fast path: `digest` of the canonical
 * request, its method and `Accept`, and the viewer's answer class.
 */
export function recordedAnswerKey(storeHash: string, digest: string): string {
  return `ra:${storeHashTag(storeHash)}:${part(digest)}`;
}

/** A document registered by automatic persisted queries, by its SHA-256 (lowercase hex). */
export function persistedDocumentKey(storeHash: string, sha256Hex: string): string {
  return `pd:${storeHashTag(storeHash)}:${part(sha256Hex)}`;
}
