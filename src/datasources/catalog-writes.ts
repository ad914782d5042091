import { z } from 'zod';
import type { HttpClient, UpstreamRequest } from './http-client.js';
import type { RequestPriority } from './quota.js';
import {
  type BcProduct,
  type BcVariant,
  bcProductSchema,
  bcVariantSchema,
} from './schemas/catalog.js';

/** "Batches are limited to 10 products" (`PUT /v3/catalog/products`, products_catalog.v3.yml). */
export const PRODUCT_BATCH_LIMIT = 10;

const price = z.number().min(0);
const stock = z.number().int().min(0).max(2_147_483_647);

/** A variant created with its product (`productVariant_Post_Product`), options by name and label. */
export const newProductVariantSchema = z.strictObject({
  sku: z.string().min(1).max(255),
  price: price.nullable().optional(),
  sale_price: price.nullable().optional(),
  inventory_level: stock.optional(),
  option_values: z
    .array(z.strictObject({ option_display_name: z.string().min(1), label: z.string().min(1) }))
    .optional(),
});

/** The product fields the gateway writes (`product_Base_PUT`); every one optional on an update. */
const productChangesShape = {
  name: z.string().min(1).max(250),
  type: z.enum(['physical', 'digital']),
  sku: z.string().max(255),
  description: z.string(),
  price,
  sale_price: price,
  retail_price: price,
  cost_price: price,
  weight: z.number().min(0),
  is_visible: z.boolean(),
  is_featured: z.boolean(),
  categories: z.array(z.number().int().positive()),
  brand_id: z.number().int().min(0),
  inventory_level: stock,
  inventory_tracking: z.enum(['none', 'product', 'variant']),
};

export const productChangesSchema = z.strictObject(productChangesShape).partial();

/** `product_Base_POST`: `name`, `type`, `weight` and `price` are required. */
export const newProductSchema = productChangesSchema
  .required({ name: true, type: true, weight: true, price: true })
  .extend({ variants: z.array(newProductVariantSchema).max(600).optional() });

/** `productVariant_Put`: the variant fields the gateway writes. */
export const variantChangesSchema = z
  .strictObject({
    sku: z.string().min(1).max(255),
    price: price.nullable(),
    sale_price: price.nullable(),
    retail_price: price.nullable(),
    inventory_level: stock,
    purchasing_disabled: z.boolean(),
  })
  .partial();

export type NewProduct = z.infer<typeof newProductSchema>;
export type NewProductVariant = z.infer<typeof newProductVariantSchema>;
export type ProductChanges = z.infer<typeof productChangesSchema>;
export type VariantChanges = z.infer<typeof variantChangesSchema>;

/** One item of `updateProducts`: the product updated, or why its chunk was refused. */
export type BatchItemResult =
  | { id: number; ok: true; product: BcProduct }
  | { id: number; ok: false; error: unknown };

/**
 * Catalog writes (products_catalog.v3.yml, product-variants_catalog.v3.yml) over one request's
 * HttpClient. Bodies are parsed with the schemas above before they leave, so a wrong field is
 * the gateway's bug caught here, not a 422 from BigCommerce.
 */
export class CatalogWritesApi {
  constructor(
    private readonly http: HttpClient,
    private readonly options: { requestId?: string; priority?: RequestPriority } = {},
  ) {}

  /** `POST /v3/catalog/products` with its `variants`. Not retried once sent: a repeat creates twice. */
  createProduct(product: NewProduct): Promise<BcProduct> {
    const body = newProductSchema.parse(product);
    return this.http.sendV3(this.request('POST', '/v3/catalog/products', body), bcProductSchema);
  }

  /** `PUT /v3/catalog/products/{id}`: changes only the fields sent. */
  updateProduct(id: number, changes: ProductChanges): Promise<BcProduct> {
    const body = productChangesSchema.parse(changes);
    return this.http.sendV3(
      this.request('PUT', `/v3/catalog/products/${id}`, body),
      bcProductSchema,
    );
  }

  /** `DELETE /v3/catalog/products/{id}` (BigCommerce answers 204 even for an unknown id). */
  async deleteProduct(id: number): Promise<void> {
    await this.http.sendRaw(this.request('DELETE', `/v3/catalog/products/${id}`));
  }

  /** `PUT /v3/catalog/products/{product_id}/variants/{variant_id}`. */
  updateVariant(productId: number, variantId: number, changes: VariantChanges): Promise<BcVariant> {
    const body = variantChangesSchema.parse(changes);
    const path = `/v3/catalog/products/${productId}/variants/${variantId}`;
    return this.http.sendV3(this.request('PUT', path, body), bcVariantSchema);
  }

  /**
   * Many products at once: one batch `PUT /v3/catalog/products` per 10, one after another (a
   * batch is all or nothing upstream, so a refused chunk fails its own items only). One result per
   * item, in the order given.
   */
  async updateProducts(
    items: readonly ({ id: number } & ProductChanges)[],
  ): Promise<BatchItemResult[]> {
    const results: BatchItemResult[] = [];
    for (let start = 0; start < items.length; start += PRODUCT_BATCH_LIMIT) {
      const chunk = items.slice(start, start + PRODUCT_BATCH_LIMIT);
      const body = chunk.map(({ id, ...changes }) => ({
        id,
        ...productChangesSchema.parse(changes),
      }));
      try {
        const { data } = await this.http.listV3(
          this.request('PUT', '/v3/catalog/products', body),
          bcProductSchema,
        );
        const byId = new Map(data.map((product) => [product.id, product]));
        for (const { id } of chunk) {
          const product = byId.get(id);
          results.push(
            product
              ? { id, ok: true, product }
              : { id, ok: false, error: new Error(`BigCommerce did not return product ${id}`) },
          );
        }
      } catch (error) {
        for (const { id } of chunk) results.push({ id, ok: false, error });
      }
    }
    return results;
  }

  private request(
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
  ): UpstreamRequest {
    return {
      method,
      path,
      body,
      requestId: this.options.requestId,
      priority: this.options.priority,
    };
  }
}
