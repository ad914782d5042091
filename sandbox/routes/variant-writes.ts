import { z } from 'zod';
import { HttpError, notFound, readJsonBody, single } from '../http.js';
import type { Router } from '../router.js';
import type { SandboxStore, VariantPatch } from '../store.js';
import { pathId, productIdParam } from './params.js';

const price = z.number().min(0).nullable();
const dimension = z.number().min(0).nullable();
const stock = z.number().int().max(2_147_483_647).nullable();

/**
 * The writable fields of `productVariant_Put` (`product-variants_catalog.v3.yml`) the sandbox
 * models; others are ignored, as read-only fields are by BigCommerce.
 */
const variantPutSchema = z.object({
  sku: z.string().min(1).max(255).optional(),
  price: price.optional(),
  sale_price: price.optional(),
  retail_price: price.optional(),
  cost_price: price.optional(),
  weight: dimension.optional(),
  width: dimension.optional(),
  height: dimension.optional(),
  depth: dimension.optional(),
  is_free_shipping: z.boolean().optional(),
  fixed_cost_shipping_price: price.optional(),
  purchasing_disabled: z.boolean().optional(),
  purchasing_disabled_message: z.string().max(255).optional(),
  upc: z.string().max(14).optional(),
  mpn: z.string().optional(),
  gtin: z.string().max(14).optional(),
  image_url: z.string().optional(),
  inventory_level: stock.optional(),
  inventory_warning_level: stock.optional(),
  bin_picking_number: z.string().max(255).nullable().optional(),
});

/** Variant writes: `PUT /v3/catalog/products/{product_id}/variants/{variant_id}`. */
export function registerVariantWriteRoutes(router: Router, store: SandboxStore): void {
  router.add(
    'PUT',
    '/v3/catalog/products/{product_id}/variants/{variant_id}',
    async ({ req, params }) => {
      const productId = productIdParam(params);
      if (!store.getProduct(productId)) throw notFound('product');
      const variantId = pathId(params, 'variant_id', 'variant');
      if (!store.getVariant(productId, variantId)) throw notFound('variant');
      const patch = parsePatch(await readJsonBody(req));
      const variant = store.updateVariant(productId, variantId, patch);
      // A variant is part of its product: the product's `date_modified` moves with it.
      store.updateProduct(productId, {});
      return single(variant);
    },
  );
}

function parsePatch(body: unknown): VariantPatch {
  const parsed = variantPutSchema.safeParse(body);
  // JSON has no `undefined`, and absent fields stay absent: the patch changes only what was sent.
  if (parsed.success) return parsed.data;
  const errors = Object.fromEntries(
    parsed.error.issues.map((issue) => [issue.path.join('.') || 'body', issue.message]),
  );
  throw new HttpError(422, 'The variant was not valid.', errors);
}
