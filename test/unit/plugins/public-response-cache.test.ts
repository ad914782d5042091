import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { typesOf } from '../../../src/plugins/use-public-response-cache.js';
import { schema } from '../../../src/schema/index.js';

describe('typesOf', () => {
  it('lists every object type a query can return, through fragments and connections', () => {
    const document = parse(`
      query { products(first: 2) { edges { node { ...P } } } }
      fragment P on Product { name brand { name } variants { sku } prices { price { amount } } }
    `);
    expect(typesOf(schema, document)).toEqual([
      'Brand',
      'Money',
      'Product',
      'ProductConnection',
      'ProductEdge',
      'ProductPrices',
      'Variant',
    ]);
  });

  it('expands node(id:) to every type that implements Node', () => {
    const types = typesOf(schema, parse('{ node(id: "x") { id } }'));
    expect(types).toEqual(expect.arrayContaining(['Brand', 'Category', 'Product', 'Variant']));
  });
});
