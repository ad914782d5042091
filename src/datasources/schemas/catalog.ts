import { z } from 'zod';
import { lenientArray, lenientObject } from './lenient.js';

/**
 * Catalog shapes from `openapi/catalog/*.yml`. Only `id` (or the tree's key) is required: the
 * gateway trims payloads with `include_fields`, and BigCommerce may add fields at any time, so
 * objects are loose and enums open. Nested lists (images, variants, option values, custom fields)
 * are lenient: a malformed entry is dropped and reported, and its product is kept.
 */

/**
 * The parsed type minus the loose object's `[key: string]: unknown`, so `keyof BcProduct` stays
 * precise for typed field helpers; unknown keys are still present at runtime.
 */
type Fields<S extends z.ZodRawShape> = z.infer<z.ZodObject<S>>;

/**
 * A spec enum that tolerates values BigCommerce adds later: they parse as `undefined` (the field
 * is then treated as unknown) instead of failing the whole resource.
 */
function openEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values).optional().catch(undefined);
}

const customUrlSchema = z.looseObject({
  url: z.string(),
  is_customized: z.boolean().optional(),
});

/** A variant's option value: `option_values[]` of `/catalog/variants`. */
const bcOptionValueShape = {
  id: z.number(),
  option_id: z.number(),
  label: z.string().optional(),
  option_display_name: z.string().optional(),
};
export const bcOptionValueSchema = z.looseObject(bcOptionValueShape);

/**
 * Product image. The schema names the file `image_url`, but every example (and the real API)
 * answers `image_file`: both are accepted.
 */
const bcImageShape = {
  id: z.number(),
  product_id: z.number().optional(),
  is_thumbnail: z.boolean().optional(),
  sort_order: z.number().optional(),
  description: z.string().nullish(),
  image_file: z.string().optional(),
  image_url: z.string().optional(),
  url_zoom: z.string().optional(),
  url_standard: z.string().optional(),
  url_thumbnail: z.string().optional(),
  url_tiny: z.string().optional(),
  date_modified: z.string().optional(),
};
export const bcImageSchema = z.looseObject(bcImageShape);

const bcCustomFieldShape = {
  id: z.number(),
  name: z.string(),
  value: z.string(),
};
export const bcCustomFieldSchema = z.looseObject(bcCustomFieldShape);

const nullableNumber = z.number().nullish();

/** Variant (`/catalog/variants`, `/catalog/products/{id}/variants`, `include=variants`). */
const bcVariantShape = {
  id: z.number(),
  product_id: z.number().optional(),
  sku: z.string().optional(),
  sku_id: nullableNumber,
  // `null` price/weight fields mean "inherit the product's".
  price: nullableNumber,
  sale_price: nullableNumber,
  retail_price: nullableNumber,
  cost_price: nullableNumber,
  // `map_price` is not in the variant schema and its examples show `{}`: left to pass through untyped.
  calculated_price: z.number().optional(),
  weight: nullableNumber,
  width: nullableNumber,
  height: nullableNumber,
  depth: nullableNumber,
  is_free_shipping: z.boolean().optional(),
  fixed_cost_shipping_price: nullableNumber,
  purchasing_disabled: z.boolean().optional(),
  purchasing_disabled_message: z.string().nullish(),
  image_url: z.string().nullish(),
  upc: z.string().nullish(),
  gtin: z.string().nullish(),
  mpn: z.string().nullish(),
  inventory_level: nullableNumber,
  inventory_warning_level: nullableNumber,
  bin_picking_number: z.string().nullish(),
  option_values: lenientArray(bcOptionValueSchema, 'option_values').optional(),
};
export const bcVariantSchema = z.looseObject(bcVariantShape);

/** Product (`/catalog/products`). Everything but `id` is optional because of `include_fields`. */
const bcProductShape = {
  id: z.number(),
  name: z.string().optional(),
  type: openEnum(['physical', 'digital']),
  sku: z.string().optional(),
  description: z.string().optional(),
  weight: z.number().optional(),
  width: z.number().optional(),
  depth: z.number().optional(),
  height: z.number().optional(),
  price: z.number().optional(),
  cost_price: z.number().optional(),
  retail_price: z.number().optional(),
  sale_price: z.number().optional(),
  map_price: z.number().optional(),
  calculated_price: z.number().optional(),
  tax_class_id: z.number().optional(),
  categories: z.array(z.number()).optional(),
  brand_id: z.number().optional(),
  inventory_level: z.number().optional(),
  inventory_warning_level: z.number().optional(),
  inventory_tracking: openEnum(['none', 'product', 'variant']),
  is_free_shipping: z.boolean().optional(),
  is_visible: z.boolean().optional(),
  is_featured: z.boolean().optional(),
  related_products: z.array(z.number()).optional(),
  warranty: z.string().optional(),
  upc: z.string().nullish(),
  gtin: z.string().nullish(),
  mpn: z.string().nullish(),
  search_keywords: z.string().optional(),
  availability_description: z.string().optional(),
  availability: openEnum(['available', 'disabled', 'preorder']),
  sort_order: z.number().optional(),
  condition: openEnum(['New', 'Used', 'Refurbished']),
  is_condition_shown: z.boolean().optional(),
  order_quantity_minimum: z.number().optional(),
  order_quantity_maximum: z.number().optional(),
  page_title: z.string().optional(),
  meta_keywords: z.array(z.string()).nullish(),
  meta_description: z.string().optional(),
  preorder_release_date: z.string().nullish(),
  preorder_message: z.string().nullish(),
  is_preorder_only: z.boolean().optional(),
  is_price_hidden: z.boolean().optional(),
  price_hidden_label: z.string().optional(),
  custom_url: customUrlSchema.optional(),
  base_variant_id: z.number().nullish(),
  reviews_rating_sum: z.number().optional(),
  reviews_count: z.number().optional(),
  total_sold: z.number().optional(),
  date_created: z.string().optional(),
  date_modified: z.string().optional(),
  variants: lenientArray(bcVariantSchema, 'variants').optional(),
  images: lenientArray(bcImageSchema, 'images').optional(),
  custom_fields: lenientArray(bcCustomFieldSchema, 'custom_fields').optional(),
  primary_image: lenientObject(bcImageSchema, 'primary_image').optional(),
};
export const bcProductSchema = z.looseObject(bcProductShape);

export type BcProduct = Fields<typeof bcProductShape>;
export type BcVariant = Fields<typeof bcVariantShape>;
export type BcOptionValue = Fields<typeof bcOptionValueShape>;
export type BcImage = Fields<typeof bcImageShape>;
export type BcCustomField = Fields<typeof bcCustomFieldShape>;

const bcBrandShape = {
  id: z.number(),
  name: z.string().optional(),
  page_title: z.string().optional(),
  meta_keywords: z.array(z.string()).nullish(),
  meta_description: z.string().optional(),
  search_keywords: z.string().optional(),
  image_url: z.string().optional(),
  custom_url: customUrlSchema.optional(),
};
export const bcBrandSchema = z.looseObject(bcBrandShape);

const categoryFields = {
  parent_id: z.number().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  views: z.number().optional(),
  sort_order: z.number().optional(),
  page_title: z.string().optional(),
  meta_keywords: z.array(z.string()).nullish(),
  meta_description: z.string().optional(),
  layout_file: z.string().optional(),
  image_url: z.string().optional(),
  is_visible: z.boolean().optional(),
  search_keywords: z.string().optional(),
  default_product_sort: openEnum([
    'use_store_settings',
    'featured',
    'newest',
    'best_selling',
    'alpha_asc',
    'alpha_desc',
    'avg_customer_review',
    'price_asc',
    'price_desc',
  ]),
};

/** Legacy `/catalog/categories` item. */
const bcCategoryShape = {
  id: z.number(),
  ...categoryFields,
  custom_url: customUrlSchema.optional(),
};
export const bcCategorySchema = z.looseObject(bcCategoryShape);

/** `/catalog/trees/categories` item: keyed by `category_id`, with `url.path` instead of `custom_url`. */
const bcTreeCategoryShape = {
  category_id: z.number(),
  category_uuid: z.string().optional(),
  tree_id: z.number().optional(),
  ...categoryFields,
  url: z.looseObject({ path: z.string(), is_customized: z.boolean().optional() }).optional(),
};
export const bcTreeCategorySchema = z.looseObject(bcTreeCategoryShape);

/** `/catalog/trees` item. */
const bcCategoryTreeShape = {
  id: z.number(),
  name: z.string().optional(),
  channels: z.array(z.number()).optional(),
};
export const bcCategoryTreeSchema = z.looseObject(bcCategoryTreeShape);

/** A node of `/catalog/trees/{tree_id}/categories`, nested through `children`. */
export interface BcCategoryTreeNode {
  id: number;
  parent_id?: number | undefined;
  depth?: number | undefined;
  path?: number[] | undefined;
  name?: string | undefined;
  is_visible?: boolean | undefined;
  url?: string | undefined;
  children?: BcCategoryTreeNode[] | undefined;
}

/**
 * The spec's own example has `children: ["string"]`, which its schema forbids. Such entries carry
 * no node to show, so they are accepted and dropped rather than failing the whole tree.
 */
export const bcCategoryTreeNodeSchema: z.ZodType<BcCategoryTreeNode> = z.looseObject({
  id: z.number(),
  parent_id: z.number().optional(),
  depth: z.number().optional(),
  path: z.array(z.number()).optional(),
  name: z.string().optional(),
  is_visible: z.boolean().optional(),
  url: z.string().optional(),
  get children() {
    return z
      .array(z.union([bcCategoryTreeNodeSchema, z.string()]))
      .transform((nodes) => nodes.filter((node) => typeof node !== 'string'))
      .optional();
  },
});

export type BcBrand = Fields<typeof bcBrandShape>;
export type BcCategory = Fields<typeof bcCategoryShape>;
export type BcTreeCategory = Fields<typeof bcTreeCategoryShape>;
export type BcCategoryTree = Fields<typeof bcCategoryTreeShape>;
