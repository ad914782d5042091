import { z } from 'zod';
import type { HttpClient, UpstreamRequest } from './http-client.js';
import type { RequestPriority } from './quota.js';
import {
  type BcBrand,
  type BcProduct,
  type BcTreeCategory,
  type BcVariant,
  bcBrandSchema,
  bcProductSchema,
  bcTreeCategorySchema,
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

/** The brand fields the gateway writes (`createBrand` body, brands_catalog.v3.yml). */
export const brandChangesSchema = z
  .strictObject({
    name: z.string().min(1).max(255),
    page_title: z.string().max(255),
    meta_description: z.string().max(65_535),
    search_keywords: z.string().max(65_535),
    image_url: z.string(),
  })
  .partial();
export const newBrandSchema = brandChangesSchema.required({ name: true });

/** The category fields the gateway writes (`CreateCategories` item, category-trees_catalog.v3.yml). */
export const categoryChangesSchema = z
  .strictObject({
    // "50 characters category name length."
    name: z.string().min(1).max(50),
    parent_id: z.number().int().min(0),
    description: z.string().max(65_535),
    sort_order: z.number().int().min(-2_147_483_648).max(2_147_483_647),
    page_title: z.string(),
    is_visible: z.boolean(),
  })
  .partial();
/**
 * A create needs a `name`, and the spec's `anyOf` requires `tree_id` and `parent_id` together
 * (0: the top of that tree), though its prose says either one.
 */
export const newCategorySchema = categoryChangesSchema
  .required({ name: true, parent_id: true })
  .extend({ tree_id: z.number().int().positive() });

export type BrandChanges = z.infer<typeof brandChangesSchema>;
export type NewBrand = z.infer<typeof newBrandSchema>;
export type CategoryChanges = z.infer<typeof categoryChangesSchema>;
export type NewCategory = z.infer<typeof newCategorySchema>;

/** `bulkPricingRule_Full` as the gateway sends it (every field, as a POST needs). */
export const newBulkPricingRuleSchema = z
  .strictObject({
    quantity_min: z.number().int().min(0),
    quantity_max: z.number().int().min(0),
    type: z.enum(['price', 'percent', 'fixed']),
    amount: z.number(),
  })
  .refine((r) => r.quantity_max === 0 || r.quantity_max > r.quantity_min, {
    message: 'quantity_max must be greater than quantity_min, or 0 for no maximum',
    path: ['quantity_max'],
  });

/** `bulkPricingRule_Response`; `amount` may come back as text (the spec's `oneOf`). */
export const bcBulkPricingRuleSchema = z.looseObject({
  id: z.number(),
  quantity_min: z.number(),
  quantity_max: z.number(),
  type: z.enum(['price', 'percent', 'fixed']),
  amount: z.union([z.number(), z.string()]),
});

export type NewBulkPricingRule = z.infer<typeof newBulkPricingRuleSchema>;
export type BcBulkPricingRule = z.infer<typeof bcBulkPricingRuleSchema>;

/** One item of `updateProducts`: the product updated, or why its chunk was refused. */
export type BatchItemResult =
  | { id: number; ok: true; product: BcProduct }
  | { id: number; ok: false; error: unknown };

/**
 * Catalog writes (products_catalog.v3.yml, product-variants_catalog.v3.yml, brands_catalog.v3.yml,
 * category-trees_catalog.v3.yml) over one request's
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

  /** `POST /v3/catalog/brands`. */
  createBrand(brand: NewBrand): Promise<BcBrand> {
    const body = newBrandSchema.parse(brand);
    return this.http.sendV3(this.request('POST', '/v3/catalog/brands', body), bcBrandSchema);
  }

  /** `PUT /v3/catalog/brands/{brand_id}`: changes only the fields sent. */
  updateBrand(id: number, changes: BrandChanges): Promise<BcBrand> {
    const body = brandChangesSchema.parse(changes);
    return this.http.sendV3(this.request('PUT', `/v3/catalog/brands/${id}`, body), bcBrandSchema);
  }

  /** `DELETE /v3/catalog/brands/{brand_id}` (204). */
  async deleteBrand(id: number): Promise<void> {
    await this.http.sendRaw(this.request('DELETE', `/v3/catalog/brands/${id}`));
  }

  /** `POST /v3/catalog/trees/categories` with one category; answers the category created. */
  async createCategory(category: NewCategory): Promise<BcTreeCategory> {
    const body = [newCategorySchema.parse(category)];
    const { data } = await this.http.listV3(
      this.request('POST', '/v3/catalog/trees/categories', body),
      bcTreeCategorySchema,
    );
    const [created] = data;
    if (!created) throw new Error('BigCommerce answered a category create without the category');
    return created;
  }

  /** `PUT /v3/catalog/trees/categories` with one category (BigCommerce answers only counts). */
  async updateCategory(id: number, changes: CategoryChanges): Promise<void> {
    const body = [{ category_id: id, ...categoryChangesSchema.parse(changes) }];
    await this.http.sendRaw(this.request('PUT', '/v3/catalog/trees/categories', body));
  }

  /** `DELETE /v3/catalog/trees/categories?category_id:in=` (its subcategories go with it). */
  async deleteCategories(ids: readonly number[]): Promise<void> {
    await this.http.sendRaw({
      ...this.request('DELETE', '/v3/catalog/trees/categories'),
      query: { 'category_id:in': ids.join(',') },
    });
  }

  /**
   * Replaces a product's bulk pricing rules: BigCommerce writes them one at a time, so the old
   * ones are deleted, then the new ones created in order. The rules are checked before the first
   * delete; an upstream refusal midway leaves the product with the rules made so far.
   */
  async setBulkPricingRules(
    productId: number,
    rules: readonly NewBulkPricingRule[],
  ): Promise<BcBulkPricingRule[]> {
    const bodies = rules.map((rule) => newBulkPricingRuleSchema.parse(rule));
    const path = `/v3/catalog/products/${productId}/bulk-pricing-rules`;
    const { data: existing } = await this.http.listV3(
      { ...this.request('DELETE', path), method: 'GET' },
      bcBulkPricingRuleSchema,
    );
    for (const rule of existing) {
      await this.http.sendRaw(this.request('DELETE', `${path}/${rule.id}`));
    }
    const created: BcBulkPricingRule[] = [];
    for (const body of bodies) {
      created.push(
        await this.http.sendV3(this.request('POST', path, body), bcBulkPricingRuleSchema),
      );
    }
    return created;
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
