import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bcProductSchema } from '../../../src/datasources/schemas/catalog.js';
import { conformsTo } from '../../../src/datasources/schemas/conforms.js';
import { bcV3ListEnvelope } from '../../../src/datasources/schemas/envelope.js';

const page = bcV3ListEnvelope(bcProductSchema);

/** A trimmed listing page as BigCommerce answers it (`include_fields`, variants and images). */
function listing() {
  return {
    data: [
      {
        id: 1,
        name: 'Shirt',
        sku: 'S-1',
        price: 10,
        categories: [3, 4],
        type: 'physical',
        variants: [{ id: 11, product_id: 1, sku: 'S-1-R', price: null, option_values: [] }],
        images: [{ id: 21, url_standard: 'https://cdn/s.jpg', description: null }],
        primary_image: null,
        added_later_by_bigcommerce: { anything: true },
      },
    ],
    meta: { pagination: { total: 1, count: 1, per_page: 50, current_page: 1, total_pages: 1 } },
  };
}

describe('conformsTo', () => {
  it('accepts an answer zod would hand back unchanged', () => {
    const body = listing();
    expect(conformsTo(page)?.(body)).toBe(true);
    expect(page.parse(body)).toEqual(body);
  });

  it('sends anything zod would change or reject back to zod', () => {
    const cases: Record<string, (body: ReturnType<typeof listing>) => void> = {
      'a wrong type': (b) => void Object.assign(b.data[0]!, { price: '10' }),
      'a missing required id': (b) => void Reflect.deleteProperty(b.data[0]!, 'id'),
      'an enum value zod catches': (b) => void Object.assign(b.data[0]!, { type: 'service' }),
      'a malformed variant zod drops': (b) =>
        void Object.assign(b.data[0]!.variants[0]!, { id: 'x' }),
      'a malformed option value': (b) =>
        void b.data[0]!.variants[0]!.option_values.push({ id: 1 } as never),
      'a malformed primary image': (b) => void Object.assign(b.data[0]!, { primary_image: {} }),
      'an array for an object': (b) => void Object.assign(b.meta, { pagination: [] }),
    };
    for (const [name, spoil] of Object.entries(cases)) {
      const body = listing();
      spoil(body);
      expect(conformsTo(page)?.(body), name).toBe(false);
    }
  });

  it('leaves schemas it cannot judge to zod', () => {
    const refined = [
      z.int(),
      z.email(),
      z.iso.datetime(),
      z.string().min(1),
      z.string().trim(),
      z.string().default('x'),
      z.object({ id: z.number() }),
      z.union([z.string(), z.number()]),
      z.looseObject({ id: z.number().transform((n) => n + 1) }),
    ];
    for (const schema of refined) expect(conformsTo(schema)).toBeUndefined();
  });

  it('judges enums by the values zod accepts', () => {
    const numeric = { Low: 0, 0: 'Low' } as const;
    const test = conformsTo(z.enum(numeric));
    expect(test?.(0)).toBe(true);
    expect(test?.('Low')).toBe(false);
  });
});
