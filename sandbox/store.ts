import { randomUUID } from 'node:crypto';
import { CartStore } from './carts/store.js';
import { CustomerStore } from './customers/store.js';
import { productData, productInventoryData, skuData, skuInventoryData } from './hooks/events.js';
import { HookStore } from './hooks/store.js';
import { InventoryStore } from './inventory/store.js';
import type {
  Brand,
  BulkPricingRule,
  Category,
  CategoryTree,
  CustomField,
  Image,
  OptionValueRef,
  Product,
  ProductOption,
  Variant,
} from './model.js';
import { OrderStore } from './orders/store.js';
import { bcDate, createRandom, slugify } from './prng.js';
import { PromotionStore } from './promotions/store.js';
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
/** What `createProduct` takes: the product's own fields (the rest get BigCommerce's defaults). */
export type NewProduct = Pick<Product, 'name' | 'type' | 'price' | 'weight'> &
  Partial<Omit<Product, 'id' | 'calculated_price' | 'date_created' | 'date_modified'>>;
/** A variant in a create's `variants`: its SKU, option values by name, and its own fields. */
export type NewVariant = { sku: string } & Partial<
  Omit<Variant, 'id' | 'product_id' | 'sku' | 'calculated_price' | 'option_values'>
> & { option_values?: readonly { option_display_name: string; label: string }[] };
/** What `createBrand` takes: a name, and any of the brand's own fields. */
export type NewBrand = Pick<Brand, 'name'> & Partial<Omit<Brand, 'id'>>;
export type BrandPatch = Partial<Omit<Brand, 'id'>>;
/** What `createCategory` takes: a name and a parent (0: the top of `tree_id`). */
export type NewCategory = Pick<Category, 'name' | 'parent_id'> &
  Partial<Omit<Category, 'id' | 'category_uuid'>>;
export type CategoryPatch = Partial<Omit<Category, 'id' | 'category_uuid'>>;
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
  /** Promotions and their coupon codes; a code applies in the checkout (`carts/coupons.ts`). */
  readonly promotions: PromotionStore;
  /** Stock per location (`/v3/inventory`), kept summed into the catalog's `inventory_level`. */
  readonly inventory: InventoryStore;
  readonly orders: OrderStore;
  /** Webhooks: every write below tells it what changed (`emit`), and it calls the hooks back. */
  readonly hooks: HookStore;
  private readonly byId = new Map<number, Product>();

  constructor(options: SeedOptions = {}) {
    const random = createRandom(options.seed ?? 1);
    this.customers = new CustomerStore({ seed: options.seed });
    this.hooks = new HookStore(options.storeHash ?? 'sandbox1');
    this.carts = new CartStore(this);
    this.promotions = new PromotionStore(this.carts);
    this.inventory = new InventoryStore(this);
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

  /**
   * Adds a product (as `POST /v3/catalog/products` does) with the next free ids; `variants` empty
   * gives it one base variant carrying its own SKU, as BigCommerce does. Calls back
   * `store/product/created` hooks.
   */
  createProduct(fields: NewProduct, variants: readonly NewVariant[] = []): Product {
    const id = Math.max(0, ...this.byId.keys()) + 1;
    let nextVariantId = Math.max(0, ...this.allVariants().map((v) => v.id)) + 1;
    let nextOptionId = Math.max(0, ...[...this.options.values()].flat().map((o) => o.id)) + 1;
    let nextValueId =
      Math.max(
        0,
        ...[...this.options.values()].flat().flatMap((o) => o.option_values.map((v) => v.id)),
      ) + 1;
    const now = bcDate(Date.now());
    const product: Product = {
      ...blankProduct(id, fields.name, now),
      ...fields,
      id,
      calculated_price: 0,
      date_created: now,
      date_modified: now,
    };
    product.calculated_price = product.sale_price > 0 ? product.sale_price : product.price;
    const options: ProductOption[] = [];
    const built = (variants.length > 0 ? variants : [{ sku: product.sku }]).map((spec) => {
      const values: OptionValueRef[] = (spec.option_values ?? []).map((ov) => {
        let option = options.find((o) => o.display_name === ov.option_display_name);
        if (!option) {
          option = {
            id: nextOptionId++,
            product_id: id,
            display_name: ov.option_display_name,
            type: 'rectangles',
            sort_order: options.length,
            config: {},
            option_values: [],
          };
          options.push(option);
        }
        let value = option.option_values.find((v) => v.label === ov.label);
        if (!value) {
          value = {
            id: nextValueId++,
            label: ov.label,
            sort_order: option.option_values.length,
            is_default: false,
            value_data: null,
          };
          option.option_values.push(value);
        }
        return {
          id: value.id,
          label: value.label,
          option_id: option.id,
          option_display_name: option.display_name,
        };
      });
      const { option_values: _values, ...rest } = spec;
      const variantId = nextVariantId++;
      const variant: Variant = {
        ...blankVariant(variantId, id, spec.sku),
        ...rest,
        option_values: values,
      };
      this.recalculate(product, variant);
      return variant;
    });
    product.base_variant_id = options.length === 0 ? (built[0]?.id ?? null) : null;
    this.products.push(product);
    this.byId.set(id, product);
    this.variants.set(id, built);
    this.images.set(id, []);
    this.customFields.set(id, []);
    this.bulkPricingRules.set(id, []);
    this.options.set(id, options);
    this.hooks.emit('store/product/created', productData(id));
    return product;
  }

  /** Adds a brand (`POST /v3/catalog/brands`) with the next free id and BigCommerce's defaults. */
  createBrand(fields: NewBrand): Brand {
    const id = Math.max(0, ...this.brands.map((b) => b.id)) + 1;
    const brand: Brand = {
      page_title: '',
      meta_keywords: [],
      meta_description: '',
      image_url: '',
      search_keywords: '',
      custom_url: { url: `/${slugify(fields.name)}/`, is_customized: false },
      ...fields,
      id,
    };
    this.brands.push(brand);
    return brand;
  }

  updateBrand(id: number, patch: BrandPatch): Brand {
    const brand = this.brands.find((b) => b.id === id);
    if (!brand) throw new Error(`Sandbox has no brand ${id}`);
    return Object.assign(brand, patch);
  }

  /** Deletes a brand; its products keep no brand (`brand_id` 0), as BigCommerce leaves them. */
  deleteBrand(id: number): boolean {
    const index = this.brands.findIndex((b) => b.id === id);
    if (index < 0) return false;
    this.brands.splice(index, 1);
    for (const p of this.products) if (p.brand_id === id) p.brand_id = 0;
    return true;
  }

  /**
   * Adds a category (`POST /v3/catalog/trees/categories`) under `parent_id` (in its parent's
   * tree) or at the top of `tree_id`. Calls back `store/category/created` hooks.
   */
  createCategory(fields: NewCategory): Category {
    const id = Math.max(0, ...this.categories.map((c) => c.id)) + 1;
    const parent = this.categories.find((c) => c.id === fields.parent_id);
    const category: Category = {
      category_uuid: randomUUID(),
      description: '',
      views: 0,
      sort_order: 0,
      page_title: '',
      meta_keywords: [],
      meta_description: '',
      layout_file: 'category.html',
      image_url: '',
      is_visible: true,
      search_keywords: '',
      default_product_sort: 'use_store_settings',
      custom_url: {
        url: `${parent ? parent.custom_url.url : '/'}${slugify(fields.name)}/`,
        is_customized: false,
      },
      ...fields,
      id,
      parent_id: parent?.id ?? 0,
      tree_id: parent?.tree_id ?? fields.tree_id ?? 1,
    };
    this.categories.push(category);
    this.hooks.emit('store/category/created', { type: 'category', id });
    return category;
  }

  updateCategory(id: number, patch: CategoryPatch): Category {
    const category = this.categories.find((c) => c.id === id);
    if (!category) throw new Error(`Sandbox has no category ${id}`);
    Object.assign(category, patch);
    this.hooks.emit('store/category/updated', { type: 'category', id });
    return category;
  }

  /**
   * Deletes categories with everything below them, and takes them off their products. Calls
   * back `store/category/deleted` hooks, one per category. Returns the ids deleted.
   */
  deleteCategories(ids: readonly number[]): number[] {
    const doomed = new Set<number>();
    const visit = (id: number) => {
      if (doomed.has(id)) return;
      doomed.add(id);
      for (const c of this.categories) if (c.parent_id === id) visit(c.id);
    };
    for (const id of ids) if (this.categories.some((c) => c.id === id)) visit(id);
    for (let i = this.categories.length - 1; i >= 0; i--) {
      const category = this.categories[i];
      if (category && doomed.has(category.id)) this.categories.splice(i, 1);
    }
    for (const p of this.products) p.categories = p.categories.filter((c) => !doomed.has(c));
    for (const id of doomed) this.hooks.emit('store/category/deleted', { type: 'category', id });
    return [...doomed];
  }

  /** Adds a bulk pricing rule to a product with the next free rule id. */
  addBulkPricingRule(productId: number, fields: Omit<BulkPricingRule, 'id'>): BulkPricingRule {
    const rules = this.bulkPricingRules.get(productId);
    if (!rules) throw new Error(`Sandbox has no product ${productId}`);
    const id = Math.max(0, ...[...this.bulkPricingRules.values()].flat().map((r) => r.id)) + 1;
    const rule: BulkPricingRule = { ...fields, id };
    rules.push(rule);
    return rule;
  }

  private recalculate(product: Product, variant: Variant): void {
    variant.calculated_price = variant.sale_price ?? variant.price ?? product.calculated_price;
  }
}

/** BigCommerce's defaults for the fields a create leaves out. */
function blankProduct(id: number, name: string, now: string): Product {
  return {
    id,
    name,
    type: 'physical',
    sku: '',
    description: '',
    weight: 0,
    width: 0,
    depth: 0,
    height: 0,
    price: 0,
    cost_price: 0,
    retail_price: 0,
    sale_price: 0,
    map_price: 0,
    tax_class_id: 0,
    product_tax_code: '',
    calculated_price: 0,
    categories: [],
    brand_id: 0,
    option_set_id: null,
    option_set_display: 'right',
    inventory_level: 0,
    inventory_warning_level: 0,
    inventory_tracking: 'none',
    reviews_rating_sum: 0,
    reviews_count: 0,
    total_sold: 0,
    fixed_cost_shipping_price: 0,
    is_free_shipping: false,
    is_visible: true,
    is_featured: false,
    related_products: [-1],
    warranty: '',
    bin_picking_number: '',
    layout_file: 'product.html',
    upc: '',
    mpn: '',
    gtin: '',
    search_keywords: '',
    availability: 'available',
    availability_description: '',
    gift_wrapping_options_type: 'any',
    gift_wrapping_options_list: [],
    sort_order: 0,
    condition: 'New',
    is_condition_shown: false,
    order_quantity_minimum: 0,
    order_quantity_maximum: 0,
    page_title: '',
    meta_keywords: [],
    meta_description: '',
    date_created: now,
    date_modified: now,
    date_last_imported: now,
    view_count: 0,
    preorder_release_date: null,
    preorder_message: '',
    is_preorder_only: false,
    is_price_hidden: false,
    price_hidden_label: '',
    custom_url: {
      url: `/${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}/`,
      is_customized: false,
    },
    base_variant_id: null,
    open_graph_type: 'product',
    open_graph_title: '',
    open_graph_description: '',
    open_graph_use_meta_description: true,
    open_graph_use_product_name: true,
    open_graph_use_image: true,
  };
}

function blankVariant(id: number, productId: number, sku: string): Variant {
  return {
    id,
    product_id: productId,
    sku,
    sku_id: id,
    price: null,
    calculated_price: 0,
    sale_price: null,
    retail_price: null,
    map_price: 0,
    cost_price: null,
    weight: null,
    calculated_weight: 0,
    width: null,
    height: null,
    depth: null,
    is_free_shipping: false,
    fixed_cost_shipping_price: null,
    purchasing_disabled: false,
    purchasing_disabled_message: '',
    image_url: '',
    upc: '',
    mpn: '',
    gtin: '',
    inventory_level: 0,
    inventory_warning_level: 0,
    bin_picking_number: '',
    option_values: [],
  };
}
