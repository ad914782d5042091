import type { OptionValueRef, ProductOption, Variant } from './model.js';
import { cents, type Random } from './prng.js';
import type { IdSequences } from './seed-products.js';

const SIZES = ['S', 'M', 'L', 'XL'];
const COLORS = ['Red', 'Blue', 'Black', 'Natural'];

interface VariantSeed {
  id: number;
  sku: string;
  price: number;
  calculatedPrice: number;
  ids: IdSequences;
}

/**
 * A product without options has exactly one variant, its base variant (as in BigCommerce);
 * a product with options has one variant per combination (2 to 6) and no base variant id.
 */
export function buildVariants(
  random: Random,
  seed: VariantSeed,
): { variants: Variant[]; options: ProductOption[]; baseVariantId: number | null } {
  if (random.chance(0.4)) {
    const base = variant(seed, seed.sku, null, []);
    return { variants: [base], options: [], baseVariantId: base.id };
  }
  const options: ProductOption[] = [option(seed, 'Size', random.sample(SIZES, random.int(2, 3)))];
  if (options[0]!.option_values.length === 2 && random.chance(0.6)) {
    options.push(option(seed, 'Color', random.sample(COLORS, random.int(2, 3))));
  }
  const combos = combinations(options);
  const variants = combos.map((values, index) => {
    const bump = index > 0 && random.chance(0.3) ? cents(seed.price + random.int(1, 10)) : null;
    const v = variant(seed, `${seed.sku}-${values.map((o) => o.label).join('-')}`, bump, values);
    v.purchasing_disabled = random.chance(0.05);
    return v;
  });
  return { variants, options, baseVariantId: null };
}

function option(seed: VariantSeed, name: string, labels: string[]): ProductOption {
  return {
    id: seed.ids.option++,
    product_id: seed.id,
    display_name: name,
    type: name === 'Color' ? 'swatch' : 'rectangles',
    sort_order: 0,
    config: {},
    option_values: labels.map((label, index) => ({
      id: seed.ids.optionValue++,
      label,
      sort_order: index,
      is_default: false,
      value_data: null,
    })),
  };
}

function combinations(options: ProductOption[]): OptionValueRef[][] {
  return options.reduce<OptionValueRef[][]>(
    (acc, o) =>
      acc.flatMap((prefix) =>
        o.option_values.map((v) => [
          ...prefix,
          { id: v.id, label: v.label, option_id: o.id, option_display_name: o.display_name },
        ]),
      ),
    [[]],
  );
}

function variant(
  seed: VariantSeed,
  sku: string,
  price: number | null,
  optionValues: OptionValueRef[],
): Variant {
  const id = seed.ids.variant++;
  return {
    id,
    product_id: seed.id,
    sku,
    sku_id: id,
    price,
    calculated_price: price ?? seed.calculatedPrice,
    sale_price: null,
    retail_price: null,
    map_price: 0,
    cost_price: null,
    weight: null,
    calculated_weight: 1,
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
    option_values: optionValues,
  };
}
