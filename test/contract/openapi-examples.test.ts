import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import {
  bcBrandSchema,
  bcCategorySchema,
  bcCategoryTreeNodeSchema,
  bcCategoryTreeSchema,
  bcCustomFieldSchema,
  bcImageSchema,
  bcProductSchema,
  bcTreeCategorySchema,
  bcVariantSchema,
} from '../../src/datasources/schemas/catalog.js';
import { bcV3ListEnvelope, bcV3SingleEnvelope } from '../../src/datasources/schemas/envelope.js';
import { collectDropped } from '../../src/datasources/schemas/lenient.js';

// The official specs are the ground truth: every response example of a GET the gateway uses must
// parse with the schema the HTTP client will apply to the real answer.
const specDir = fileURLToPath(new URL('../fixtures/bigcommerce/openapi/catalog/', import.meta.url));

type Node = Record<string, unknown>;
const specs = new Map<string, Node>();

function loadSpec(file: string): Node {
  let spec = specs.get(file);
  if (!spec) {
    spec = parse(readFileSync(`${specDir}${file}`, 'utf8')) as Node;
    specs.set(file, spec);
  }
  return spec;
}

function resolve(spec: Node, node: unknown): Node {
  let current = node as Node;
  while (typeof current?.$ref === 'string') {
    const pointer = current.$ref.replace(/^#\//, '').split('/');
    current = pointer.reduce<Node>((at, key) => at[key.replace(/~1/g, '/')] as Node, spec);
  }
  return current;
}

/** Every `example` / `examples[*].value` of the GET's 200 answer, `$ref`s resolved. */
function responseExamples(file: string, path: string): Array<[string, unknown]> {
  const spec = loadSpec(file);
  const operation = resolve(spec, (spec.paths as Node)[path]).get as Node;
  const response = resolve(spec, (operation.responses as Node)['200']);
  const media = resolve(spec, (response.content as Node)['application/json']);
  const found: Array<[string, unknown]> = [];
  if (media.example !== undefined) found.push(['example', media.example]);
  for (const [name, example] of Object.entries((media.examples as Node | undefined) ?? {})) {
    found.push([name, resolve(spec, example).value]);
  }
  return found;
}

const list = (item: z.ZodType) => bcV3ListEnvelope(item);
const single = (item: z.ZodType) => bcV3SingleEnvelope(item);
const products = 'products_catalog.v3.yml';
const variants = 'product-variants_catalog.v3.yml';
const trees = 'category-trees_catalog.v3.yml';

const endpoints: Array<[file: string, path: string, envelope: z.ZodType]> = [
  [products, '/catalog/products', list(bcProductSchema)],
  [products, '/catalog/products/{product_id}', single(bcProductSchema)],
  [products, '/catalog/products/{product_id}/images', list(bcImageSchema)],
  [products, '/catalog/products/{product_id}/images/{image_id}', single(bcImageSchema)],
  [products, '/catalog/products/{product_id}/custom-fields', list(bcCustomFieldSchema)],
  [variants, '/catalog/variants', list(bcVariantSchema)],
  [variants, '/catalog/products/{product_id}/variants', list(bcVariantSchema)],
  [variants, '/catalog/products/{product_id}/variants/{variant_id}', single(bcVariantSchema)],
  ['brands_catalog.v3.yml', '/catalog/brands', list(bcBrandSchema)],
  ['brands_catalog.v3.yml', '/catalog/brands/{brand_id}', single(bcBrandSchema)],
  ['categories_catalog.v3.yml', '/catalog/categories', list(bcCategorySchema)],
  ['categories_catalog.v3.yml', '/catalog/categories/{category_id}', single(bcCategorySchema)],
  [trees, '/catalog/trees', list(bcCategoryTreeSchema)],
  [trees, '/catalog/trees/categories', list(bcTreeCategorySchema)],
  [trees, '/catalog/trees/{tree_id}/categories', list(bcCategoryTreeNodeSchema)],
];

const cases = endpoints.flatMap(([file, path, envelope]) =>
  responseExamples(file, path).map(([name, value]) => ({ file, path, name, value, envelope })),
);

describe('OpenAPI response examples parse with our zod schemas', () => {
  it('finds examples to check in most of the endpoints used', () => {
    expect(new Set(cases.map((c) => c.path)).size).toBeGreaterThanOrEqual(10);
  });

  it.each(cases)('GET $path ($name)', ({ value, envelope }) => {
    // Lenient lists drop bad items instead of failing: an example must lose none.
    const { result, dropped } = collectDropped(() => envelope.safeParse(value));
    expect(result.success ? [] : result.error.issues).toEqual([]);
    expect(dropped).toEqual([]);
  });

  it('drops the non-object children of the trees example instead of failing', () => {
    const [[, example] = []] = responseExamples(trees, '/catalog/trees/{tree_id}/categories');
    const parsed = list(bcCategoryTreeNodeSchema).parse(example) as { data: Array<Node> };
    expect(parsed.data[0]?.children).toEqual([]);
  });
});
