import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import {
  bcV3ErrorSchema,
  bcV3ListEnvelope,
  bcV3SingleEnvelope,
} from '../../src/datasources/schemas/envelope.js';

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
    const parsed = schema.safeParse(body);
    expect(parsed.error?.issues ?? []).toEqual([]);
    const data = (body as { data: unknown }).data;
    const first = (Array.isArray(data) ? data[0] : data) as Record<string, unknown>;
    for (const field of required) expect(first, field).toHaveProperty(field);
  });

  it('answers 404 and 422 with the v3 error body', async () => {
    const missing = await get('/v3/catalog/products/999999');
    expect(missing.status).toBe(404);
    expect(bcV3ErrorSchema.safeParse(missing.body).success).toBe(true);
    const invalid = await get('/v3/catalog/products?limit=251');
    expect(invalid.status).toBe(422);
    expect(bcV3ErrorSchema.safeParse(invalid.body).success).toBe(true);
  });
});
