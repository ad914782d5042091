import { CartStore } from './carts/store.js';
import { CustomerStore } from './customers/store.js';
import { productData, productInventoryData, skuData, skuInventoryData } from './hooks/events.js';
import { HookStore } from './hooks/store.js';
import type {
  Brand,
  BulkPricingRule,
  Category,
  CategoryTree,
  CustomField,
  Image,
  Product,
  ProductOption,
  Variant,
} from './model.js';
import { OrderStore } from './orders/store.js';
import { bcDate, createRandom } from './prng.js';
import { type IdSequences, seedProduct } from './seed-products.js';
import { seedBrands, seedCategories, seedTrees } from './seed-taxonomy.js';

export interface SeedOptions {
  /** @default 300 */
  products?: number;
  /** @default 1 */
  seed?: number;
  /** Used in image CDN URLs. @default 'sandbox1' */
  storeHash?: string;
}

/** Fields a test may change; `id` is fixed and `calculated_price` follows the prices. */
export type ProductPatch = Partial<Omit<Product, 'id' | 'calculated_price'>>;
export type VariantPatch = Partial<Omit<Variant, 'id' | 'product_id' | 'calculated_price'>>;

/** The seeded catalog, mutable in process. Lists are kept sorted by id, BigCommerce's default order. */
export class SandboxStore {
  readonly brands: Brand[];
  readonly categories: Category[];
  readonly trees: CategoryTree[];
  readonly products: Product[] = [];
  readonly variants = new Map<number, Variant[]>();
  readonly images = new Map<number, Image[]>();
  readonly customFields = new Map<number, CustomField[]>();
  readonly bulkPricingRules = new Map<number, BulkPricingRule[]>();
  readonly options = new Map<number, ProductOption[]>();
  readonly customers: CustomerStore;
  // commerce: one store per domain, each reading the catalog (and customers) through this store.
  readonly carts: CartStore;
  readonly orders: OrderStore;
  /** Webhooks: every write below tells it what changed (`emit`), and it calls the hooks back. */
  readonly hooks: HookStore;
  private readonly byId = new Map<number, Product>();

  constructor(options: SeedOptions = {}) {
    const random = createRandom(options.seed ?? 1);
    this.customers = new CustomerStore({ seed: options.seed });
    this.hooks = new HookStore(options.storeHash ?? 'sandbox1');
    this.carts = new CartStore(this);
    this.orders = new OrderStore(this);
    this.brands = seedBrands(random);
    this.categories = seedCategories(random);
    this.trees = seedTrees();
    const parents = new Set(this.categories.map((c) => c.parent_id));
    const leafCategories = this.categories.filter((c) => !parents.has(c.id));
    const ids: IdSequences = {
      variant: 1,
      image: 1,
      customField: 1,
      bulkRule: 1,
      option: 1,
      optionValue: 1,
    };
    const ctx = {
      storeHash: options.storeHash ?? 'sandbox1',
      brands: this.brands,
      leafCategories,
      ids,
    };
    for (let id = 1; id <= (options.products ?? 300); id++) {
      const seeded = seedProduct(random, id, ctx);
      this.products.push(seeded.product);
      this.byId.set(id, seeded.product);
      this.variants.set(id, seeded.variants);
      this.images.set(id, seeded.images);
      this.customFields.set(id, seeded.customFields);
      this.bulkPricingRules.set(id, seeded.bulkPricingRules);
      this.options.set(id, seeded.options);
    }
  }

  getProduct(id: number): Product | undefined {
    return this.byId.get(id);
  }

  /** Every variant of every product, ordered by variant id. */
  allVariants(): Variant[] {
    return [...this.variants.values()].flat().sort((a, b) => a.id - b.id);
  }

  getVariant(productId: number, variantId: number): Variant | undefined {
    return this.variants.get(productId)?.find((v) => v.id === variantId);
  }

  /**
   * Applies a patch as a PUT would: bumps `date_modified` and recomputes `calculated_price`. A patch
   * that changes a field calls back `store/product/updated` hooks (an empty one, which only moves
   * `date_modified`, does not), and a new stock level `store/product/inventory/updated` ones.
   */
  updateProduct(id: number, patch: ProductPatch): Product {
    const product = this.byId.get(id);
    if (!product) throw new Error(`Sandbox has no product ${id}`);
    const stockBefore = product.inventory_level;
    Object.assign(product, patch, { date_modified: patch.date_modified ?? bcDate(Date.now()) });
    product.calculated_price = product.sale_price > 0 ? product.sale_price : product.price;
    for (const v of this.variants.get(id) ?? []) this.recalculate(product, v);
    if (Object.keys(patch).some((field) => field !== 'date_modified')) {
      this.hooks.emit('store/product/updated', productData(id));
    }
    const moved = product.inventory_level - stockBefore;
    if (moved !== 0) {
      this.hooks.emit(
        'store/product/inventory/updated',
        productInventoryData(id, 'absolute', moved),
      );
    }
    return product;
  }

  /** As `updateProduct`, for a variant: `store/sku/updated`, and `store/sku/inventory/updated`. */
  updateVariant(productId: number, variantId: number, patch: VariantPatch): Variant {
    const product = this.byId.get(productId);
    const variant = this.getVariant(productId, variantId);
    if (!product || !variant) throw new Error(`Sandbox has no variant ${productId}/${variantId}`);
    const stockBefore = variant.inventory_level ?? 0;
    Object.assign(variant, patch);
    this.recalculate(product, variant);
    if (Object.keys(patch).length > 0) {
      this.hooks.emit('store/sku/updated', skuData(productId, variantId));
    }
    const moved = (variant.inventory_level ?? 0) - stockBefore;
    if (moved !== 0) {
      const data = skuInventoryData(productId, variantId, 'absolute', moved);
      this.hooks.emit('store/sku/inventory/updated', data);
    }
    return variant;
  }

  deleteProduct(id: number): boolean {
    const index = this.products.findIndex((p) => p.id === id);
    if (index < 0) return false;
    this.products.splice(index, 1);
    this.byId.delete(id);
    for (const map of [this.variants, this.images, this.customFields, this.bulkPricingRules]) {
      map.delete(id);
    }
    this.options.delete(id);
    this.hooks.emit('store/product/deleted', productData(id));
    return true;
  }

  private recalculate(product: Product, variant: Variant): void {
    variant.calculated_price = variant.sale_price ?? variant.price ?? product.calculated_price;
  }
}
