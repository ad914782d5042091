import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SandboxStore } from '../../sandbox/store.js';

const SPECS = new URL('../fixtures/bigcommerce/openapi/catalog/', import.meta.url);

interface SchemaNode {
  $ref?: string;
  allOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
}

/** Property names of a spec schema, following `$ref` and `allOf` (enough for these models). */
function specFields(file: string, schema: string): Set<string> {
  const doc = parse(readFileSync(new URL(file, SPECS), 'utf8')) as {
    components: { schemas: Record<string, SchemaNode> };
  };
  const names = new Set<string>();
  const walk = (node: SchemaNode): void => {
    if (node.$ref) {
      walk(doc.components.schemas[node.$ref.split('/').pop()!]!);
      return;
    }
    for (const part of node.allOf ?? []) walk(part);
    for (const key of Object.keys(node.properties ?? {})) names.add(key);
  };
  walk(doc.components.schemas[schema]!);
  return names;
}

describe('seed', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = new SandboxStore({ seed: 7, products: 50 });
    const b = new SandboxStore({ seed: 7, products: 50 });
    const c = new SandboxStore({ seed: 8, products: 50 });
    expect(a.products[0]).toEqual(b.products[0]);
    expect(a.allVariants()).toEqual(b.allVariants());
    expect(c.products.map((p) => p.name)).not.toEqual(a.products.map((p) => p.name));
  });

  it('builds the catalog the brief describes', () => {
    const store = new SandboxStore();
    expect(store.products).toHaveLength(300);
    expect(store.brands.length).toBeGreaterThanOrEqual(20);
    expect(store.categories.length).toBeGreaterThanOrEqual(35);
    const categoryIds = new Set(store.categories.map((c) => c.id));
    for (const p of store.products) {
      expect(p.categories.length).toBeGreaterThanOrEqual(1);
      expect(p.categories.length).toBeLessThanOrEqual(3);
      expect(p.categories.every((id) => categoryIds.has(id))).toBe(true);
      expect(store.variants.get(p.id)!.length).toBeLessThanOrEqual(6);
      expect(store.images.get(p.id)!.length).toBeGreaterThanOrEqual(1);
    }
    expect(store.products.some((p) => !p.is_visible)).toBe(true);
    expect(store.products.some((p) => p.is_featured)).toBe(true);
    expect(
      store.products.some((p) => p.inventory_tracking !== 'none' && p.inventory_level === 0),
    ).toBe(true);
    expect(
      store.products.some((p) => p.sale_price > 0 && p.calculated_price === p.sale_price),
    ).toBe(true);
    expect(store.products.some((p) => store.variants.get(p.id)!.length > 1)).toBe(true);
  });

  it('seeds 5000 products quickly', () => {
    const started = performance.now();
    expect(new SandboxStore({ products: 5000 }).products).toHaveLength(5000);
    // Generous: about 0.5 s on an idle machine, the bound only catches a quadratic slip.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('records use the spec field names', () => {
  const store = new SandboxStore({ products: 30 });
  const cases = [
    ['product', 'products_catalog.v3.yml', 'product_Full', store.products],
    // The variants spec's own model omits `map_price`, which its examples and the products spec carry.
    ['variant', 'products_catalog.v3.yml', 'productVariant_Full', store.allVariants()],
    ['image', 'products_catalog.v3.yml', 'productImage_Full', [...store.images.values()].flat()],
    ['brand', 'brands_catalog.v3.yml', 'brand_Full', store.brands],
  ] as const;

  it.each(cases)('%s fields are all in the spec', (_, file, schema, records) => {
    const spec = specFields(file, schema);
    const extra = new Set(records.flatMap((r) => Object.keys(r)).filter((k) => !spec.has(k)));
    // primary_image's image_file is not in productImage_Full but is in primaryImage_Full.
    extra.delete('image_file');
    expect([...extra]).toEqual([]);
  });

  it('product records carry every non-include field of product_Full', () => {
    const includeOnly = [
      'custom_fields',
      'bulk_pricing_rules',
      'images',
      'primary_image',
      'videos',
    ];
    const required = [...specFields('products_catalog.v3.yml', 'product_Full')].filter(
      (k) => ![...includeOnly, 'parent_relations', 'options', 'modifiers'].includes(k),
    );
    expect(required.filter((k) => !(k in store.products[0]!))).toEqual([]);
  });
});
