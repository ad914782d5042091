import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Variant } from '../../sandbox/model.js';
import { encodeGlobalId } from '../../src/schema/global-id.js';
import { type Stack, startStack } from '../helpers/stack.js';

// Who may see what: the public catalog for everyone, hidden products only with
// `catalog:read_hidden`, and a missing scope refuses its field while the rest answers.
let stack: Stack;
let hiddenId: number;
let visibleId: number;
let hiddenVariant: Variant;
const keys: Record<'reader' | 'hidden' | 'none' | 'internal', string> = {
  reader: '',
  hidden: '',
  none: '',
  internal: '',
};

beforeAll(async () => {
  stack = await startStack({ sandbox: { products: 60 }, env: { RESPONSE_CACHE_TTL_S: '0' } });
  const products = stack.sandbox.store.products;
  hiddenId = products.find(
    (p) => !p.is_visible && stack.sandbox.store.variants.get(p.id)?.length,
  )!.id;
  visibleId = products.find((p) => p.is_visible)!.id;
  hiddenVariant = stack.sandbox.store.variants.get(hiddenId)![0]!;
  const create = async (
    name: string,
    scopes: ('catalog:read' | 'catalog:read_hidden')[],
    role: 'partner' | 'internal' = 'partner',
  ) => (await stack.app.keys.create({ name, scopes, role })).key;
  keys.reader = await create('reader', ['catalog:read']);
  keys.hidden = await create('hidden', ['catalog:read', 'catalog:read_hidden']);
  keys.none = await create('none', []);
  keys.internal = await create('internal', [], 'internal');
});
afterAll(() => stack?.close());
beforeEach(() => stack.sandbox.counters.reset());

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('hidden products', () => {
  const LOOKUPS = `query H($id: Int!, $gid: ID!, $sku: String!, $vid: ID!) {
    byEntityId: product(entityId: $id) { entityId isVisible }
    byId: product(id: $gid) { entityId }
    bySku: product(sku: $sku) { entityId }
    node(id: $gid) { id }
    variant: node(id: $vid) { id }
  }`;
  const variables = () => ({
    id: hiddenId,
    gid: encodeGlobalId('Product', hiddenId),
    sku: stack.sandbox.store.getProduct(hiddenId)!.sku,
    vid: encodeGlobalId('Variant', `${hiddenId}:${hiddenVariant.id}`),
  });

  it('are null for anonymous callers and keys without catalog:read_hidden, by every lookup', async () => {
    const missing = { byEntityId: null, byId: null, bySku: null, node: null, variant: null };
    const anonymous = await stack.query(LOOKUPS, variables());
    expect(anonymous.body).toEqual({ data: missing });
    const reader = await stack.query(LOOKUPS, variables(), bearer(keys.reader));
    expect(reader.body).toEqual({ data: missing });
    // Exactly what an id that does not exist answers.
    const none = await stack.query(LOOKUPS, {
      ...variables(),
      id: 999_999,
      sku: 'NO-SUCH-SKU',
      gid: encodeGlobalId('Product', 999_999),
      vid: encodeGlobalId('Variant', '999999:999999'),
    });
    expect(none.body).toEqual({ data: missing });
  });

  it('are there for keys with catalog:read_hidden and for internal keys', async () => {
    for (const key of [keys.hidden, keys.internal]) {
      const { body } = await stack.query<Record<string, { entityId?: number } | null>>(
        LOOKUPS,
        variables(),
        bearer(key),
      );
      expect(body.errors).toBeUndefined();
      expect(body.data?.byEntityId).toEqual({ entityId: hiddenId, isVisible: false });
      expect(body.data?.byId).toEqual({ entityId: hiddenId });
      expect(body.data?.bySku).toEqual({ entityId: hiddenId });
      expect(body.data?.variant).not.toBeNull();
    }
  });

  it('are listed only for keys with the scope; anyone else asking is FORBIDDEN', async () => {
    const LIST =
      '{ products(first: 50, filter: { isVisible: false }) { edges { node { entityId } } } }';
    const anonymous = await stack.query(LIST);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(stack.sandbox.counters.total()).toBe(0);
    const allowed = await stack.query<{ products: { edges: { node: { entityId: number } }[] } }>(
      LIST,
      {},
      bearer(keys.hidden),
    );
    expect(allowed.body.data?.products.edges.map((e) => e.node.entityId)).toContain(hiddenId);
    // The default listing never shows them, whoever asks.
    const DEFAULT = '{ products(first: 250) { edges { node { entityId } } } }';
    const listed = await stack.query<{ products: { edges: { node: { entityId: number } }[] } }>(
      DEFAULT,
      {},
      bearer(keys.hidden),
    );
    expect(listed.body.data?.products.edges.map((e) => e.node.entityId)).not.toContain(hiddenId);
  });
});

describe('scopes', () => {
  it('refuse the field a key may not read with FORBIDDEN while the rest of the query answers', async () => {
    const QUERY = `{ visible: product(entityId: ${visibleId}) { entityId }
      hidden: products(first: 1, filter: { isVisible: false }) { totalCount } }`;
    const { body } = await stack.query<{ visible: { entityId: number } | null; hidden: unknown }>(
      QUERY,
      {},
      bearer(keys.reader),
    );
    expect(body.data).toEqual({ visible: { entityId: visibleId }, hidden: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]).toMatchObject({ path: ['hidden'], extensions: { code: 'FORBIDDEN' } });
  });

  it('give a key without catalog:read nothing of the catalog, with no upstream call', async () => {
    const { body } = await stack.query(
      `{ product(entityId: ${visibleId}) { name } node(id: "${encodeGlobalId('Product', visibleId)}") { id } __typename }`,
      {},
      bearer(keys.none),
    );
    expect(body.data).toEqual({ product: null, node: null, __typename: 'Query' });
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(stack.sandbox.counters.total()).toBe(0);
  });

  it('leave an anonymous caller the public catalog and nothing of anyone', async () => {
    const { body } = await stack.query<{ product: { entityId: number } | null; me: unknown }>(
      `{ product(entityId: ${visibleId}) { entityId } me { entityId } }`,
    );
    expect(body).toEqual({ data: { product: { entityId: visibleId }, me: null } });
    const logout = await stack.query('mutation { logout { __typename } }');
    expect(logout.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
