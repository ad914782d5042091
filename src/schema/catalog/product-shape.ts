import {
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  getNamedType,
  Kind,
  type OperationDefinitionNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { ProductShape } from '../../datasources/catalog.js';

type Include = ProductShape['include'][number];

/**
 * What each GraphQL `Product` field needs from `/v3/catalog/products`: the `include_fields` it reads
 * and the sub-resources it needs `include`d. Coarse on purpose: fewer distinct shapes, more cache hits.
 */
const FIELD_NEEDS: Record<string, { fields?: readonly string[]; include?: readonly Include[] }> = {
  name: { fields: ['name'] },
  sku: { fields: ['sku'] },
  path: { fields: ['custom_url'] },
  description: { fields: ['description'] },
  plainTextDescription: { fields: ['description'] },
  type: { fields: ['type'] },
  condition: { fields: ['condition', 'is_condition_shown'] },
  availability: { fields: ['availability', 'availability_description'] },
  availabilityDescription: { fields: ['availability', 'availability_description'] },
  isVisible: { fields: ['is_visible'] },
  isFeatured: { fields: ['is_featured'] },
  prices: {
    fields: ['price', 'sale_price', 'retail_price', 'calculated_price', 'map_price'],
  },
  images: { include: ['images'] },
  defaultImage: { include: ['primary_image'] },
  variants: { include: ['variants'] },
  inventory: {
    fields: ['inventory_level', 'inventory_tracking', 'inventory_warning_level', 'availability'],
  },
  customFields: { include: ['custom_fields'] },
  brand: { fields: ['brand_id'] },
  brandEntityId: { fields: ['brand_id'] },
  categories: { fields: ['categories'] },
  categoryEntityIds: { fields: ['categories'] },
  dimensions: { fields: ['weight', 'width', 'height', 'depth'] },
  createdAt: { fields: ['date_created'] },
  updatedAt: { fields: ['date_modified'] },
  seo: { fields: ['page_title', 'meta_description', 'search_keywords', 'meta_keywords'] },
};

/** Fields every product fetch asks for, whatever the query selects. */
// `is_visible` decides whether the viewer may see the product at all (`visibility.ts`).
const ALWAYS: readonly string[] = ['id', 'name', 'sku', 'is_visible'];

export type ProductShapeResolver = (info: GraphQLResolveInfo) => ProductShape;

// Yoga caches parsed documents, so the same query text yields the same operation node (with the
// same fragments) on every request: the walk runs once per distinct query, not per request.
const shapes = new WeakMap<OperationDefinitionNode, ProductShape>();

/** The union of what every `Product` selection of the operation needs, computed once per query. */
export const productShapeOf: ProductShapeResolver = (info) => {
  let shape = shapes.get(info.operation);
  if (!shape) {
    shape = shapeOfOperation(info);
    shapes.set(info.operation, shape);
  }
  return shape;
};

function shapeOfOperation(info: GraphQLResolveInfo): ProductShape {
  const fields = new Set<string>(ALWAYS);
  const include = new Set<Include>();
  const typeInfo = new TypeInfo(info.schema);
  const fragments: FragmentDefinitionNode[] = Object.values(info.fragments);
  const document = { kind: Kind.DOCUMENT, definitions: [info.operation, ...fragments] } as const;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const parentName = parent ? getNamedType(parent).name : undefined;
        // A price range spans the variants' prices.
        if (parentName === 'ProductPrices' && node.name.value === 'priceRange')
          include.add('variants');
        if (parentName !== 'Product') return;
        const needs = FIELD_NEEDS[node.name.value];
        for (const field of needs?.fields ?? []) fields.add(field);
        for (const sub of needs?.include ?? []) include.add(sub);
      },
    }),
  );
  return { include: [...include].sort(), fields: [...fields].sort() };
}
