import { HttpError } from './http.js';
import type { Product } from './model.js';
import { stringListParam } from './query.js';
import type { SandboxStore } from './store.js';

/** `IncludeParamBase` in products_catalog.v3.yml. */
export const PRODUCT_INCLUDES = [
  'bulk_pricing_rules',
  'channels',
  'custom_fields',
  'images',
  'modifiers',
  'options',
  'parent_relations',
  'primary_image',
  'reviews',
  'variants',
  'videos',
] as const;

export type ProductInclude = (typeof PRODUCT_INCLUDES)[number];

export function parseIncludes(query: URLSearchParams): Set<ProductInclude> {
  const requested = stringListParam(query, 'include') ?? [];
  const unknown = requested.filter(
    (name) => !(PRODUCT_INCLUDES as readonly string[]).includes(name),
  );
  if (unknown.length > 0) {
    throw new HttpError(422, 'The filter(s) or parameter(s) supplied are invalid.', {
      include: `Unknown sub-resource(s): ${unknown.join(', ')}`,
    });
  }
  return new Set(requested as ProductInclude[]);
}

/** Sub-resources appear only when `include` asks for them. */
export function withIncludes(
  store: SandboxStore,
  product: Product,
  base: Record<string, unknown>,
  includes: ReadonlySet<ProductInclude>,
): Record<string, unknown> {
  const id = product.id;
  const view = base;
  const images = store.images.get(id) ?? [];
  for (const include of includes) {
    switch (include) {
      case 'variants':
        view.variants = store.variants.get(id) ?? [];
        break;
      case 'images':
        view.images = images;
        break;
      case 'primary_image':
        view.primary_image = images.find((image) => image.is_thumbnail) ?? null;
        break;
      case 'custom_fields':
        view.custom_fields = store.customFields.get(id) ?? [];
        break;
      case 'bulk_pricing_rules':
        view.bulk_pricing_rules = store.bulkPricingRules.get(id) ?? [];
        break;
      case 'options':
        view.options = store.options.get(id) ?? [];
        break;
      case 'channels':
        view.channels = [1];
        break;
      case 'modifiers':
      case 'videos':
      case 'parent_relations':
        view[include] = [];
        break;
      case 'reviews':
        break;
    }
  }
  return view;
}
