import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../helpers/stack.js';

// Public catalog reads run compiled (graphql-jit); these are the answers that could tell.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { CACHE_MODE: 'off' } });
});
afterAll(async () => {
  await stack?.close();
  await stack?.sandbox.close();
});

/** Line and column (1-based) of `needle` in `text`, as GraphQL error locations give them. */
function locationOf(text: string, needle: string) {
  const offset = text.indexOf(needle);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

describe('compiled catalog reads', () => {
  it('locate a failed field inside lists, fragments and aliases', async () => {
    const query = `query Failing {
  products(first: 2) { edges { node { ...Card } } }
}
fragment Card on Product {
  entityId
  cats: categories { name }
}`;
    stack.sandbox.faults.inject({
      route: 'GET /v3/catalog/trees/categories',
      kind: 'status',
      status: 500,
    });
    try {
      const { body } = await stack.query(query);
      expect(body.errors?.length).toBeGreaterThan(0);
      for (const error of body.errors ?? []) {
        expect(error.path?.filter((key) => typeof key === 'string')).toEqual([
          'products',
          'edges',
          'node',
          'cats',
        ]);
        expect(error).toMatchObject({
          extensions: { code: 'UPSTREAM_ERROR' },
          locations: [locationOf(query, 'cats: categories')],
        });
      }
    } finally {
      stack.sandbox.faults.clear();
    }
  });

  it('run the operation a request names, in a document holding several', async () => {
    const document = `query Brands { brands(first: 1) { edges { node { name } } } }
query Products { products(first: 1) { edges { node { name } } } }`;
    for (const operationName of ['Products', 'Brands', 'Products']) {
      const response = await fetch(stack.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: document, operationName }),
      });
      const body = (await response.json()) as { data?: Record<string, unknown> };
      expect(Object.keys(body.data ?? {})).toEqual([operationName.toLowerCase()]);
    }
  });
});
