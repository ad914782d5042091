import { readFileSync } from 'node:fs';
import { complexityFromQuery } from '@pothos/plugin-complexity';
import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../../src/schema/index.js';
import {
  CATEGORIES_PER_PRODUCT,
  IN_MEMORY_LIST_SIZES,
  inMemoryComplexity,
  LOOKUP,
  objectListItemType,
  QUERY_LIMITS,
  UPSTREAM_CALL,
} from '../../../src/schema/query-cost.js';

const costOf = (query: string, variables: Record<string, unknown> = {}) =>
  complexityFromQuery(query, { schema, variables }).complexity;

const FIVE_FIELDS = 'entityId name path isVisible depth';
const TREE = `{ categoryTree { ${FIVE_FIELDS} children { ${FIVE_FIELDS} children { ${FIVE_FIELDS} } } } }`;

const PRODUCT_PAGE = /* GraphQL */ `
  query ProductPage($id: Int!) {
    product(entityId: $id) {
      id entityId name sku path description plainTextDescription(characterLimit: 200)
      availability availabilityDescription condition type
      prices { price { amount currencyCode } basePrice { amount } salePrice { amount }
        priceRange { min { amount } max { amount } } }
      inventory { isInStock level }
      images { url(width: 1280) altText isThumbnail }
      defaultImage { url(width: 386) altText }
      variants { entityId sku isPurchasable price { amount } options { displayName label } }
      customFields { name value }
      brand { name path }
      categories { name path breadcrumbs { name path } }
      seo { pageTitle metaDescription }
    }
  }
`;

const LISTING_50 = /* GraphQL */ `
  {
    products(first: 50) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node {
        id entityId name sku path
        prices { price { amount currencyCode } salePrice { amount } }
        brand { entityId name }
        categories { entityId name }
        variants { entityId sku isPurchasable options { displayName label } }
        images { url(width: 320) altText isThumbnail }
      } }
    }
  }
`;

describe('query cost', () => {
  it('costs a three-level category tree as the one upstream call it makes', () => {
    expect(costOf(TREE)).toBe(UPSTREAM_CALL);
  });

  it('costs fields resolved from their parent nothing, however deep the embedded lists', () => {
    expect(
      costOf(`{ products(first: 20) { totalCount edges { node { name prices { price { amount } }
        variants { sku options { label } } images { url } } } } }`),
    ).toBe(UPSTREAM_CALL);
  });

  it('multiplies what a connection selects by its page size, not a flat factor', () => {
    const brands = (window: string) =>
      `{ products${window ? `(${window})` : ''} { edges { node { brand { name } } } } }`;
    expect(costOf(brands(''))).toBe(UPSTREAM_CALL + 20 * LOOKUP);
    expect(costOf(brands('first: 3'))).toBe(UPSTREAM_CALL + 3 * LOOKUP);
    expect(costOf(brands('first: 250'))).toBe(UPSTREAM_CALL + 250 * LOOKUP);
    expect(costOf(`query($n: Int) ${brands('first: $n')}`, { n: 40 })).toBe(
      UPSTREAM_CALL + 40 * LOOKUP,
    );
    // `last` without `before` first asks for the total: two calls.
    expect(costOf(brands('last: 10'))).toBe(2 * UPSTREAM_CALL + 10 * LOOKUP);
    expect(costOf(brands('last: 10, before: "b2Zmc2V0OjEw"'))).toBe(UPSTREAM_CALL + 10 * LOOKUP);
  });

  it('leaves out-of-range page sizes to the resolver (BAD_USER_INPUT), not the budget', () => {
    const query = `{ products(first: 100000) { edges { node { brand { name } } } } }`;
    expect(costOf(query)).toBeLessThanOrEqual(QUERY_LIMITS.complexity);
  });

  it('counts one lookup per id of nodes(ids:)', () => {
    const ids = ['UHJvZHVjdDox', 'UHJvZHVjdDoy', 'QnJhbmQ6MQ=='];
    expect(costOf('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids })).toBe(3 * LOOKUP);
  });

  it('accepts a product page and a 50-product listing with brand, categories, variants, images', () => {
    expect(costOf(PRODUCT_PAGE, { id: 12 })).toBe(LOOKUP * (3 + 3));
    expect(costOf(LISTING_50)).toBe(UPSTREAM_CALL + 50 * 2 * LOOKUP);
    expect(costOf(LISTING_50)).toBeLessThanOrEqual(QUERY_LIMITS.complexity);
  });

  it('refuses connections nested under lists', () => {
    const nested = `{ products(first: 250) { edges { node {
      categories { products(first: 250) { edges { node { name } } } } } } } }`;
    expect(costOf(nested)).toBe(UPSTREAM_CALL + 250 * (LOOKUP + 3 * UPSTREAM_CALL));
    const perBrand = `{ brands(first: 60) { edges { node { products(first: 1) { totalCount } } } } }`;
    expect(costOf(perBrand)).toBe(61 * UPSTREAM_CALL);
    for (const query of [nested, perBrand]) {
      expect(costOf(query)).toBeGreaterThan(QUERY_LIMITS.complexity);
    }
  });

  it('sizes every list of objects: explicitly, or by a realistic size of its item type', () => {
    const unsized: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const item = objectListItemType(field);
        if (item === undefined) continue;
        const explicit = field.extensions.complexity !== inMemoryComplexity;
        if (!explicit && IN_MEMORY_LIST_SIZES[item] === undefined) {
          unsized.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(unsized).toEqual([]);
  });
});

describe('README, "Query cost"', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### Query cost'), readme.indexOf('\n## Caching'));

  it('shows worked examples whose stated cost is the computed one', () => {
    const examples = [...section.matchAll(/```graphql\n# cost: ([\d,]+)[^\n]*\n([\s\S]*?)```/g)];
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const [, stated, query] of examples) {
      expect(costOf(query!), query).toBe(Number(stated!.replace(/,/g, '')));
    }
  });

  it('states the limits and unit costs the code applies', () => {
    const { complexity, depth, breadth } = QUERY_LIMITS;
    const limits = readme.slice(readme.indexOf('## Limits'), readme.indexOf('### Query cost'));
    for (const stated of [`depth ≤ ${depth}`, `breadth ≤ ${breadth}`, `cost ≤ ${complexity}`]) {
      expect(limits.replace(/\s+/g, ' ')).toContain(stated);
    }
    expect(section).toContain(`budget of ${complexity} is about ${complexity / UPSTREAM_CALL}`);
    expect(section).toContain(`| upstream list call | ${UPSTREAM_CALL} |`);
    expect(section).toContain(`| by-id lookup | ${LOOKUP} |`);
    expect(section).toContain(`\`categories\` ${CATEGORIES_PER_PRODUCT}`);
    const sizes = {
      children: 'CategoryTreeItem',
      variants: 'Variant',
      images: 'Image',
      customFields: 'CustomField',
      options: 'VariantOption',
      breadcrumbs: 'Breadcrumb',
    };
    for (const [field, item] of Object.entries(sizes)) {
      expect(section).toContain(`\`${field}\` ${IN_MEMORY_LIST_SIZES[item]}`);
    }
  });
});
