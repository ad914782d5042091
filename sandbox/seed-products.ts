import type {
  Brand,
  BulkPricingRule,
  Category,
  CustomField,
  Image,
  Product,
  ProductOption,
  Variant,
} from './model.js';
import { bcDate, cents, type Random, slugify } from './prng.js';
import { buildVariants } from './seed-variants.js';

const ADJECTIVES = ['Classic', 'Linen', 'Glass', 'Oak', 'Copper', 'Wool', 'Stoneware', 'Canvas'];
const NOUNS = ['Jar', 'Mug', 'Towel', 'Shirt', 'Planter', 'Kettle', 'Apron', 'Lantern', 'Tote'];
const EPOCH = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;

export interface SeededProduct {
  product: Product;
  variants: Variant[];
  images: Image[];
  customFields: CustomField[];
  bulkPricingRules: BulkPricingRule[];
  options: ProductOption[];
}

/** Ids the generator hands out in sequence, so ids stay unique across products. */
export interface IdSequences {
  variant: number;
  image: number;
  customField: number;
  bulkRule: number;
  option: number;
  optionValue: number;
}

export function seedProduct(
  random: Random,
  id: number,
  ctx: { storeHash: string; brands: Brand[]; leafCategories: Category[]; ids: IdSequences },
): SeededProduct {
  const name = `${random.pick(ADJECTIVES)} ${random.pick(NOUNS)} ${id}`;
  const sku = `SKU-${String(id).padStart(5, '0')}`;
  const price = cents(random.int(300, 25_000) / 100);
  const onSale = random.chance(0.25);
  const sale_price = onSale ? cents(price * random.pick([0.7, 0.8, 0.9])) : 0;
  const created = EPOCH + random.int(0, 300) * DAY + random.int(0, DAY - 1);
  const modified = created + random.int(0, 60) * DAY;
  const availability = random.chance(0.05)
    ? 'preorder'
    : random.chance(0.04)
      ? 'disabled'
      : 'available';
  const productImages = seedImages(random, id, name, ctx.storeHash, modified, ctx.ids);
  const calculatedPrice = sale_price > 0 ? sale_price : price;
  const built = buildVariants(random, { id, sku, price, calculatedPrice, ids: ctx.ids });
  const outOfStock = random.chance(0.15);
  const tracking = built.options.length > 0 ? 'variant' : random.pick(['none', 'product'] as const);
  if (tracking === 'variant') {
    for (const v of built.variants) v.inventory_level = outOfStock ? 0 : random.int(0, 40);
  }
  const inventory =
    tracking === 'variant'
      ? built.variants.reduce((sum, v) => sum + (v.inventory_level ?? 0), 0)
      : tracking === 'product' && !outOfStock
        ? random.int(1, 200)
        : 0;
  const product: Product = {
    id,
    name,
    type: random.chance(0.1) ? 'digital' : 'physical',
    sku,
    description: `<p>${name}: a sturdy, everyday piece from the sandbox store.</p>`,
    weight: cents(random.int(1, 50) / 10),
    width: random.int(0, 30),
    depth: random.int(0, 30),
    height: random.int(0, 30),
    price,
    cost_price: cents(price * 0.4),
    retail_price: cents(price * 1.2),
    sale_price,
    map_price: 0,
    tax_class_id: 0,
    product_tax_code: '',
    calculated_price: calculatedPrice,
    categories: random.sample(ctx.leafCategories, random.int(1, 3)).map((c) => c.id),
    brand_id: random.pick(ctx.brands).id,
    option_set_id: null,
    option_set_display: 'right',
    inventory_level: inventory,
    inventory_warning_level: tracking === 'none' ? 0 : 5,
    inventory_tracking: tracking,
    reviews_rating_sum: 0,
    reviews_count: 0,
    total_sold: random.int(0, 500),
    fixed_cost_shipping_price: 0,
    is_free_shipping: random.chance(0.1),
    is_visible: random.chance(0.9),
    is_featured: random.chance(0.15),
    related_products: [-1],
    warranty: '',
    bin_picking_number: '',
    layout_file: 'product.html',
    upc: '',
    mpn: '',
    gtin: '',
    search_keywords: name.toLowerCase().split(' ').slice(0, 2).join(', '),
    availability,
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
    date_created: bcDate(created),
    date_modified: bcDate(modified),
    date_last_imported: bcDate(created),
    view_count: random.int(0, 2000),
    preorder_release_date: availability === 'preorder' ? bcDate(modified + 30 * DAY) : null,
    preorder_message: '',
    is_preorder_only: false,
    is_price_hidden: false,
    price_hidden_label: '',
    custom_url: { url: `/${slugify(name)}/`, is_customized: false },
    base_variant_id: built.baseVariantId,
    open_graph_type: 'product',
    open_graph_title: '',
    open_graph_description: '',
    open_graph_use_meta_description: true,
    open_graph_use_product_name: true,
    open_graph_use_image: true,
  };
  return {
    product,
    variants: built.variants,
    options: built.options,
    images: productImages,
    customFields: seedCustomFields(random, ctx.ids),
    bulkPricingRules: random.chance(0.2) ? seedBulkRules(ctx.ids) : [],
  };
}

function seedImages(
  random: Random,
  productId: number,
  name: string,
  storeHash: string,
  modified: number,
  ids: IdSequences,
): Image[] {
  const count = random.int(1, 4);
  return Array.from({ length: count }, (_, index) => {
    const id = ids.image++;
    const file = `${slugify(name)}-${index + 1}__${id}`;
    const base = `https://cdn11.bigcommerce.com/s-${storeHash}/products/${productId}/images/${id}/${file}`;
    return {
      id,
      product_id: productId,
      is_thumbnail: index === 0,
      sort_order: index,
      description: index === 0 ? name : '',
      image_file: `${file.slice(0, 1)}/${file}.jpg`,
      url_zoom: `${base}.1280.1280.jpg?c=1`,
      url_standard: `${base}.386.513.jpg?c=1`,
      url_thumbnail: `${base}.220.290.jpg?c=1`,
      url_tiny: `${base}.44.58.jpg?c=1`,
      date_modified: bcDate(modified),
    };
  });
}

function seedCustomFields(random: Random, ids: IdSequences): CustomField[] {
  const fields: [string, string[]][] = [
    ['Material', ['Cotton', 'Glass', 'Steel', 'Oak']],
    ['Origin', ['Portugal', 'Japan', 'Denmark', 'USA']],
    ['Care', ['Hand wash', 'Machine wash', 'Wipe clean']],
  ];
  return random
    .sample(fields, random.int(0, 3))
    .map(([name, values]) => ({ id: ids.customField++, name, value: random.pick(values) }));
}

function seedBulkRules(ids: IdSequences): BulkPricingRule[] {
  return [
    { id: ids.bulkRule++, quantity_min: 5, quantity_max: 9, type: 'percent', amount: 5 },
    { id: ids.bulkRule++, quantity_min: 10, quantity_max: 0, type: 'percent', amount: 10 },
  ];
}
