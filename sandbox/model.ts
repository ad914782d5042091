/**
 * The sandbox's stored records. Field names follow the catalog OpenAPI response models
 * (`product_Full`, `productVariant_Full`, `productImage_Full`, `brand_Full`, `Category`), so a
 * record serialises as BigCommerce would answer it.
 */

export interface CustomUrl {
  url: string;
  is_customized: boolean;
}

export interface OptionValueRef {
  id: number;
  label: string;
  option_id: number;
  option_display_name: string;
}

export interface Variant {
  id: number;
  product_id: number;
  sku: string;
  sku_id: number;
  price: number | null;
  calculated_price: number;
  sale_price: number | null;
  retail_price: number | null;
  map_price: number;
  cost_price: number | null;
  weight: number | null;
  calculated_weight: number;
  width: number | null;
  height: number | null;
  depth: number | null;
  is_free_shipping: boolean;
  fixed_cost_shipping_price: number | null;
  purchasing_disabled: boolean;
  purchasing_disabled_message: string;
  image_url: string;
  upc: string;
  mpn: string;
  gtin: string;
  inventory_level: number | null;
  inventory_warning_level: number | null;
  bin_picking_number: string | null;
  option_values: OptionValueRef[];
}

export interface Image {
  id: number;
  product_id: number;
  is_thumbnail: boolean;
  sort_order: number;
  description: string;
  image_file: string;
  url_zoom: string;
  url_standard: string;
  url_thumbnail: string;
  url_tiny: string;
  date_modified: string;
}

export interface CustomField {
  id: number;
  name: string;
  value: string;
}

export interface BulkPricingRule {
  id: number;
  quantity_min: number;
  quantity_max: number;
  type: 'price' | 'percent' | 'fixed';
  amount: number;
}

export interface ProductOption {
  id: number;
  product_id: number;
  display_name: string;
  type: 'dropdown' | 'rectangles' | 'swatch';
  sort_order: number;
  config: Record<string, never>;
  option_values: {
    id: number;
    label: string;
    sort_order: number;
    is_default: boolean;
    value_data: null;
  }[];
}

export type ProductType = 'physical' | 'digital';
export type Availability = 'available' | 'disabled' | 'preorder';
export type InventoryTracking = 'none' | 'product' | 'variant';

/** The product's own fields (`product_Full` minus the `include=` sub-resources). */
export interface Product {
  id: number;
  name: string;
  type: ProductType;
  sku: string;
  description: string;
  weight: number;
  width: number;
  depth: number;
  height: number;
  price: number;
  cost_price: number;
  retail_price: number;
  sale_price: number;
  map_price: number;
  tax_class_id: number;
  product_tax_code: string;
  calculated_price: number;
  categories: number[];
  brand_id: number;
  option_set_id: number | null;
  option_set_display: string;
  inventory_level: number;
  inventory_warning_level: number;
  inventory_tracking: InventoryTracking;
  reviews_rating_sum: number;
  reviews_count: number;
  total_sold: number;
  fixed_cost_shipping_price: number;
  is_free_shipping: boolean;
  is_visible: boolean;
  is_featured: boolean;
  related_products: number[];
  warranty: string;
  bin_picking_number: string;
  layout_file: string;
  upc: string;
  mpn: string;
  gtin: string;
  search_keywords: string;
  availability: Availability;
  availability_description: string;
  gift_wrapping_options_type: 'any' | 'none' | 'list';
  gift_wrapping_options_list: number[];
  sort_order: number;
  condition: 'New' | 'Used' | 'Refurbished';
  is_condition_shown: boolean;
  order_quantity_minimum: number;
  order_quantity_maximum: number;
  page_title: string;
  meta_keywords: string[];
  meta_description: string;
  date_created: string;
  date_modified: string;
  date_last_imported: string;
  view_count: number;
  preorder_release_date: string | null;
  preorder_message: string;
  is_preorder_only: boolean;
  is_price_hidden: boolean;
  price_hidden_label: string;
  custom_url: CustomUrl;
  base_variant_id: number | null;
  open_graph_type: 'product';
  open_graph_title: string;
  open_graph_description: string;
  open_graph_use_meta_description: boolean;
  open_graph_use_product_name: boolean;
  open_graph_use_image: boolean;
}

export interface Brand {
  id: number;
  name: string;
  page_title: string;
  meta_keywords: string[];
  meta_description: string;
  image_url: string;
  search_keywords: string;
  custom_url: CustomUrl;
}

/** A legacy `/v3/catalog/categories` category; `tree_id` and `category_uuid` feed the trees API. */
export interface Category {
  id: number;
  category_uuid: string;
  tree_id: number;
  parent_id: number;
  name: string;
  description: string;
  views: number;
  sort_order: number;
  page_title: string;
  meta_keywords: string[];
  meta_description: string;
  layout_file: string;
  image_url: string;
  is_visible: boolean;
  search_keywords: string;
  default_product_sort: 'use_store_settings';
  custom_url: CustomUrl;
}

export interface CategoryTree {
  id: number;
  name: string;
  channels: number[];
}
