import type { Brand, Product } from './model.js';
import {
  boolParam,
  enumParam,
  flagParam,
  intListParam,
  intParam,
  numberParam,
  stringListParam,
  stringParam,
} from './query.js';

type Predicate = (product: Product) => boolean;

export const PRODUCT_SORTS = [
  'id',
  'name',
  'sku',
  'price',
  'date_modified',
  'date_last_imported',
  'inventory_level',
  'is_visible',
  'total_sold',
  'calculated_price',
] as const;

/** Builds one predicate from the `GET /v3/catalog/products` filters present in the query. */
export function productFilter(query: URLSearchParams, brands: readonly Brand[]): Predicate {
  const checks: Predicate[] = [];
  const add = <T>(value: T | undefined, check: (value: T, p: Product) => boolean): void => {
    if (value !== undefined) checks.push((p) => check(value, p));
  };
  add(intParam(query, 'id'), (id, p) => p.id === id);
  add(toSet(intListParam(query, 'id:in')), (ids, p) => ids.has(p.id));
  add(toSet(intListParam(query, 'id:not_in')), (ids, p) => !ids.has(p.id));
  add(intParam(query, 'id:min'), (min, p) => p.id >= min);
  add(intParam(query, 'id:max'), (max, p) => p.id <= max);
  add(intParam(query, 'id:greater'), (min, p) => p.id > min);
  add(intParam(query, 'id:less'), (max, p) => p.id < max);
  add(stringParam(query, 'sku'), (sku, p) => p.sku === sku);
  add(toSet(stringListParam(query, 'sku:in')), (skus, p) => skus.has(p.sku));
  add(stringParam(query, 'name'), (name, p) => p.name === name);
  add(lower(stringParam(query, 'name:like')), (part, p) => p.name.toLowerCase().includes(part));
  add(lower(stringParam(query, 'keyword')), keywordCheck(brands));
  // The spec: "categories:in ... returns a list of products that are in all the categories specified".
  add(intListParam(query, 'categories:in'), (ids, p) =>
    ids.every((id) => p.categories.includes(id)),
  );
  // The spec: with `categories`, "if a product is in more than one category ... will not return the product".
  add(
    intParam(query, 'categories'),
    (id, p) => p.categories.length === 1 && p.categories[0] === id,
  );
  add(intParam(query, 'brand_id'), (id, p) => p.brand_id === id);
  add(boolParam(query, 'is_visible'), (v, p) => p.is_visible === v);
  // The spec types `is_featured` as an integer enum (1, 0), unlike the boolean `is_visible`.
  add(flagParam(query, 'is_featured'), (v, p) => p.is_featured === v);
  add(boolParam(query, 'is_free_shipping'), (v, p) => p.is_free_shipping === v);
  add(numberParam(query, 'price'), (price, p) => p.price === price);
  add(numberParam(query, 'price:min'), (min, p) => p.price >= min);
  add(numberParam(query, 'price:max'), (max, p) => p.price <= max);
  add(intParam(query, 'inventory_level'), (n, p) => p.inventory_level === n);
  add(intParam(query, 'inventory_level:min'), (n, p) => p.inventory_level >= n);
  add(intParam(query, 'inventory_level:max'), (n, p) => p.inventory_level <= n);
  add(intParam(query, 'inventory_level:greater'), (n, p) => p.inventory_level > n);
  add(intParam(query, 'inventory_level:less'), (n, p) => p.inventory_level < n);
  add(boolParam(query, 'out_of_stock'), (v, p) => isOutOfStock(p) === v);
  add(intParam(query, 'total_sold'), (n, p) => p.total_sold === n);
  add(enumParam(query, 'type', ['physical', 'digital'] as const), (t, p) => p.type === t);
  add(enumParam(query, 'condition', ['new', 'used', 'refurbished'] as const), (c, p) => {
    return p.condition.toLowerCase() === c;
  });
  add(enumParam(query, 'availability', ['available', 'disabled', 'preorder'] as const), (a, p) => {
    return p.availability === a;
  });
  add(stringParam(query, 'date_modified:min'), (d, p) => p.date_modified >= d);
  add(stringParam(query, 'date_modified:max'), (d, p) => p.date_modified <= d);
  return (product) => checks.every((check) => check(product));
}

/** Sorts a copy by `sort` and `direction`; ties fall back to id so pages are stable. */
export function sortProducts(products: Product[], query: URLSearchParams): Product[] {
  const sort = enumParam(query, 'sort', PRODUCT_SORTS) ?? 'id';
  const direction = enumParam(query, 'direction', ['asc', 'desc'] as const) ?? 'asc';
  const sign = direction === 'desc' ? -1 : 1;
  return [...products].sort((a, b) => {
    const x = a[sort];
    const y = b[sort];
    const order = x < y ? -1 : x > y ? 1 : 0;
    return order === 0 ? a.id - b.id : sign * order;
  });
}

const isOutOfStock = (p: Product): boolean =>
  p.inventory_tracking !== 'none' && p.inventory_level <= 0;

const toSet = <T>(values: T[] | undefined): Set<T> | undefined => values && new Set(values);

const lower = (value: string | undefined): string | undefined => value?.toLowerCase();

/** `keyword` matches name, description, sku or the brand's name. */
function keywordCheck(brands: readonly Brand[]): (keyword: string, p: Product) => boolean {
  const brandNames = new Map(brands.map((b) => [b.id, b.name.toLowerCase()]));
  return (keyword, p) =>
    p.name.toLowerCase().includes(keyword) ||
    p.sku.toLowerCase().includes(keyword) ||
    p.description.toLowerCase().includes(keyword) ||
    (brandNames.get(p.brand_id) ?? '').includes(keyword);
}
