import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import { createSandbox, type Sandbox } from '../../sandbox/server.js';
import {
  bcBrandSchema,
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

// The sandbox stands in for BigCommerce in every other test, so its answers must parse with the
// same schemas the gateway applies to the real API, and carry the fields the spec promises.
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox({ products: 40 });
});
afterAll(() => sandbox?.close());

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sandbox.url}/stores/${sandbox.storeHash}${path}`, {
    headers: { 'X-Auth-Token': sandbox.accessToken, Accept: 'application/json' },
  });
  return { status: response.status, body: await response.json() };
}

const cases: [string, z.ZodType, readonly string[]][] = [
  [
    '/v3/catalog/products?include=variants,images,custom_fields,primary_image&limit=10',
    bcV3ListEnvelope(bcProductSchema),
    [
      'name',
      'sku',
      'price',
      'calculated_price',
      'categories',
      'brand_id',
      'custom_url',
      'variants',
    ],
  ],
  ['/v3/catalog/products/1', bcV3SingleEnvelope(bcProductSchema), ['name', 'type', 'availability']],
  ['/v3/catalog/variants?limit=20', bcV3ListEnvelope(bcVariantSchema), ['sku', 'option_values']],
  ['/v3/catalog/products/1/variants', bcV3ListEnvelope(bcVariantSchema), ['sku', 'product_id']],
  [
    '/v3/catalog/products/1/images',
    bcV3ListEnvelope(bcImageSchema),
    ['url_standard', 'is_thumbnail'],
  ],
  [
    '/v3/catalog/products/1/custom-fields',
    bcV3ListEnvelope(bcCustomFieldSchema),
    ['name', 'value'],
  ],
  ['/v3/catalog/brands', bcV3ListEnvelope(bcBrandSchema), ['name', 'custom_url']],
  ['/v3/catalog/trees', bcV3ListEnvelope(bcCategoryTreeSchema), ['name']],
  [
    '/v3/catalog/trees/categories',
    bcV3ListEnvelope(bcTreeCategorySchema),
    ['name', 'parent_id', 'url'],
  ],
  [
    '/v3/catalog/trees/1/categories',
    bcV3ListEnvelope(bcCategoryTreeNodeSchema),
    ['name', 'children'],
  ],
];

describe('sandbox answers parse with the gateway’s schemas', () => {
  it.each(cases)('%s', async (path, schema, required) => {
    const { status, body } = await get(path);
    expect(status).toBe(200);
    const { result: parsed, dropped } = collectDropped(() => schema.safeParse(body));
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(dropped).toEqual([]);
    const data = (body as { data: unknown }).data;
    const first = (Array.isArray(data) ? data[0] : data) as Record<string, unknown>;
    for (const field of required) expect(first, field).toHaveProperty(field);
  });
});

// The spec's own error models (products spec): `GeneralError` requires status, title and type;
// `GeneralErrorWithErrors`, the 422 of a validation failure, requires `errors` too.
const productsSpec = parse(
  readFileSync(
    new URL('../fixtures/bigcommerce/openapi/catalog/products_catalog.v3.yml', import.meta.url),
    'utf8',
  ),
) as { components: { schemas: Record<string, object> } };
const ajv = new Ajv({ strict: false, allErrors: true });
const generalError = ajv.compile(productsSpec.components.schemas.GeneralError!);
const errorWithErrors = ajv.compile(productsSpec.components.schemas.GeneralErrorWithErrors!);

describe('sandbox error answers match the spec’s error schemas', () => {
  it('the schemas refuse a wrong error body (so a pass means something)', () => {
    expect(generalError({})).toBe(false);
    expect(generalError({ status: '404', title: 'x', type: 'y' })).toBe(false);
    expect(errorWithErrors({ status: 422, title: 'x', type: 'y' })).toBe(false);
    expect(errorWithErrors({ status: 422, title: 'x', type: 'y', errors: {} })).toBe(true);
  });

  it.each([
    ['/v3/catalog/products/999999', 404],
    ['/v3/catalog/products/3/variants/999999', 404],
    ['/v3/catalog/brands/999999', 404],
    ['/v3/catalog/nothing-here', 404],
  ])('%s answers %i with status, title and type', async (path, status) => {
    const answer = await get(path);
    expect(answer.status).toBe(status);
    expect(generalError(answer.body), ajv.errorsText(generalError.errors)).toBe(true);
    expect(answer.body).toMatchObject({ status });
  });

  it.each([
    '/v3/catalog/products?limit=251',
    '/v3/catalog/products?id:in=1,x',
    '/v3/catalog/products?is_featured=true',
    '/v3/catalog/products?sort=colour',
    '/v3/catalog/variants?page=0',
  ])('%s answers 422 with status, title, type and the errors map', async (path) => {
    const answer = await get(path);
    expect(answer.status).toBe(422);
    expect(errorWithErrors(answer.body), ajv.errorsText(errorWithErrors.errors)).toBe(true);
    expect(answer.body).toMatchObject({ status: 422 });
  });
});
