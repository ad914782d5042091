import { builder } from '../builder.js';

export const ProductType = builder.enumType('ProductType', {
  description: 'Whether a product ships or is delivered as a download.',
  values: {
    PHYSICAL: { value: 'physical', description: 'Shipped goods.' },
    DIGITAL: { value: 'digital', description: 'Downloadable goods.' },
  } as const,
});

export const ProductCondition = builder.enumType('ProductCondition', {
  description: 'The product’s condition.',
  values: {
    NEW: { value: 'New', description: 'New.' },
    USED: { value: 'Used', description: 'Used.' },
    REFURBISHED: { value: 'Refurbished', description: 'Refurbished.' },
  } as const,
});

export const ProductAvailability = builder.enumType('ProductAvailability', {
  description: 'Whether a product can be bought now.',
  values: {
    AVAILABLE: { value: 'available', description: 'Can be bought now.' },
    DISABLED: { value: 'disabled', description: 'Cannot be bought.' },
    PREORDER: { value: 'preorder', description: 'Can be pre-ordered.' },
  } as const,
});

export const SortDirection = builder.enumType('SortDirection', {
  description: 'Ascending or descending order.',
  values: {
    ASC: { value: 'asc', description: 'Smallest first.' },
    DESC: { value: 'desc', description: 'Largest first.' },
  } as const,
});

export const ProductSortField = builder.enumType('ProductSortField', {
  description: 'What a product listing is ordered by.',
  values: {
    ID: { value: 'id', description: 'BigCommerce id (creation order).' },
    NAME: { value: 'name', description: 'Product name.' },
    SKU: { value: 'sku', description: 'SKU.' },
    PRICE: { value: 'price', description: 'Default price.' },
    CALCULATED_PRICE: { value: 'calculated_price', description: 'Price after sale price.' },
    DATE_MODIFIED: { value: 'date_modified', description: 'Last change.' },
    TOTAL_SOLD: { value: 'total_sold', description: 'Units sold (best sellers).' },
    INVENTORY_LEVEL: { value: 'inventory_level', description: 'Stock on hand.' },
  } as const,
});

/** Upstream strings outside the enum (BigCommerce adds values) fall back to a safe default. */
export function oneOf<const T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}
