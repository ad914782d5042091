import { z } from 'zod';
import { HttpError, notFound, readJsonBody, single } from '../http.js';
import { parseIncludes, withIncludes } from '../product-view.js';
import { projector } from '../projection.js';
import type { Router } from '../router.js';
import type { NewProduct, NewVariant, ProductPatch, SandboxStore } from '../store.js';
import { productIdParam } from './params.js';

/** "Batches are limited to 10 products" (`PUT /v3/catalog/products`). */
export const MAX_BATCH = 10;

const money = z.number().min(0);
const dimension = z.number().min(0).max(9_999_999_999);
const stock = z.number().int().min(0).max(2_147_483_647);

/**
 * The writable fields of `product_Base_PUT` the sandbox models (the POST's are the same, with
 * `name`, `type`, `weight` and `price` required); others are ignored, as read-only ones are.
 */
const productFields = z.object({
  name: z.string().trim().min(1).max(250),
  type: z.enum(['physical', 'digital']),
  sku: z.string().max(255),
  description: z.string(),
  weight: dimension,
  width: dimension,
  depth: dimension,
  height: dimension,
  price: money,
  cost_price: money,
  retail_price: money,
  sale_price: money,
  map_price: money,
  categories: z.array(z.number().int().positive()),
  brand_id: z.number().int().min(0),
  inventory_level: stock,
  inventory_warning_level: stock,
  inventory_tracking: z.enum(['none', 'product', 'variant']),
  is_free_shipping: z.boolean(),
  is_visible: z.boolean(),
  is_featured: z.boolean(),
  availability: z.enum(['available', 'disabled', 'preorder']),
  condition: z.enum(['New', 'Used', 'Refurbished']),
  search_keywords: z.string(),
  page_title: z.string(),
  meta_description: z.string(),
  upc: z.string().max(14),
  mpn: z.string(),
  gtin: z.string().max(14),
});

/** `productVariant_Post_Product`: a variant created with its product. */
const variantPost = z.object({
  sku: z.string().min(1).max(255),
  price: money.nullable().optional(),
  sale_price: money.nullable().optional(),
  retail_price: money.nullable().optional(),
  cost_price: money.nullable().optional(),
  weight: dimension.nullable().optional(),
  inventory_level: stock.nullable().optional(),
  purchasing_disabled: z.boolean().optional(),
  upc: z.string().max(14).optional(),
  mpn: z.string().optional(),
  gtin: z.string().max(14).optional(),
  option_values: z
    .array(z.object({ option_display_name: z.string().min(1), label: z.string().min(1) }))
    .optional(),
});

const productPost = productFields
  .partial()
  .required({ name: true, type: true, weight: true, price: true })
  .extend({ variants: z.array(variantPost).max(600).optional() });
const productPut = productFields.partial();
const batchItem = productPut.extend({ id: z.number().int().positive() });

/**
 * Product writes: `POST /v3/catalog/products` (with `variants`), `PUT` and `DELETE`
 * `/v3/catalog/products/{product_id}`, and the batch `PUT /v3/catalog/products` (at most 10).
 * Unique names and SKUs, and known categories and brands, are checked before anything changes: a
 * refused write (409, 422, 413) leaves the store as it was.
 */
export function registerProductWriteRoutes(router: Router, store: SandboxStore): void {
  router.add('POST', '/v3/catalog/products', async ({ req, query }) => {
    const { variants, ...fields } = parse(productPost, await readJsonBody(req));
    const skus = [fields.sku, ...(variants ?? []).map((v) => v.sku)];
    checkConflicts(store, { ...fields, skus }, undefined);
    const product = store.createProduct(fields as NewProduct, (variants ?? []) as NewVariant[]);
    return single(view(store, product.id, query));
  });

  router.add('PUT', '/v3/catalog/products/{product_id}', async ({ req, params, query }) => {
    const id = productIdParam(params);
    if (!store.getProduct(id)) throw notFound('product');
    const patch = parse(productPut, await readJsonBody(req));
    checkConflicts(store, { ...patch, skus: [patch.sku] }, id);
    store.updateProduct(id, patch as ProductPatch);
    return single(view(store, id, query));
  });

  router.add('DELETE', '/v3/catalog/products/{product_id}', ({ params }) => {
    // BigCommerce answers 204 whether or not the product was there.
    store.deleteProduct(productIdParam(params));
    return { status: 204, body: undefined };
  });

  router.add('PUT', '/v3/catalog/products', async ({ req, query }) => {
    const body = await readJsonBody(req);
    if (Array.isArray(body) && body.length > MAX_BATCH) {
      throw new HttpError(
        413,
        `The request payload is too large. The maximum items allowed in the array is ${MAX_BATCH}.`,
        {},
      );
    }
    const items = parse(z.array(batchItem).min(1), body);
    for (const { id } of items) if (!store.getProduct(id)) throw notFound('product');
    // Each item is checked against the store and against the batch's other items.
    items.forEach((item, index) => {
      const others = items.filter((_, i) => i !== index);
      checkConflicts(store, { ...item, skus: [item.sku] }, item.id, others);
    });
    for (const { id, ...patch } of items) store.updateProduct(id, patch as ProductPatch);
    const data = items.map((item) => view(store, item.id, query));
    return { body: { data, meta: {} } };
  });
}

function view(store: SandboxStore, id: number, query: URLSearchParams): Record<string, unknown> {
  const product = store.getProduct(id);
  if (!product) throw notFound('product');
  const includes = parseIncludes(query);
  return withIncludes(store, product, projector(query)(product), includes);
}

interface Candidate {
  name?: string;
  skus: readonly (string | undefined)[];
  categories?: readonly number[];
  brand_id?: number;
}

/**
 * BigCommerce's 409: "duplicate unique values such as name or SKU; a missing or invalid
 * `category_id`, `brand_id`". `selfId` is the product being changed (its own values are no clash).
 */
function checkConflicts(
  store: SandboxStore,
  candidate: Candidate,
  selfId: number | undefined,
  batch: readonly { id: number; name?: string; sku?: string }[] = [],
): void {
  const errors: Record<string, string> = {};
  const name = candidate.name?.trim().toLowerCase();
  if (name !== undefined) {
    const clash =
      store.products.some((p) => p.id !== selfId && p.name.toLowerCase() === name) ||
      batch.some((b) => b.name?.trim().toLowerCase() === name);
    if (clash) errors.name = `A product with the name "${candidate.name}" already exists.`;
  }
  const skus = candidate.skus.filter((s): s is string => s !== undefined && s !== '');
  if (new Set(skus).size < skus.length) errors.sku = 'The SKUs sent are not unique.';
  for (const sku of skus) {
    const taken =
      store.products.some((p) => p.id !== selfId && p.sku === sku) ||
      store.allVariants().some((v) => v.product_id !== selfId && v.sku === sku) ||
      batch.some((b) => b.sku === sku);
    if (taken) errors.sku = `A product or variant with the SKU "${sku}" already exists.`;
  }
  const known = new Set(store.categories.map((c) => c.id));
  const missing = (candidate.categories ?? []).filter((id) => !known.has(id));
  if (missing.length > 0) errors.categories = `Category ids not found: ${missing.join(', ')}.`;
  const brand = candidate.brand_id;
  if (brand !== undefined && brand !== 0 && !store.brands.some((b) => b.id === brand)) {
    errors.brand_id = `Brand id ${brand} was not found.`;
  }
  if (Object.keys(errors).length > 0) {
    throw new HttpError(409, 'The product conflicts with another product.', errors);
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const errors = Object.fromEntries(
    parsed.error.issues.map((issue) => [issue.path.join('.') || 'body', issue.message]),
  );
  throw new HttpError(422, 'The product was not valid.', errors);
}
