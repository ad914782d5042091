import type { Reply } from '../http.js';

/**
 * `customerGroup_Full` of `customers.v2.yml`. Discounts are not modelled, and `discount_rules` is
 * left out rather than answered empty: the spec types it as a `oneOf` of four array shapes whose
 * properties are all optional, so no list, the empty one included, matches exactly one of them.
 */
export interface CustomerGroup {
  id: number;
  name: string;
  is_default: boolean;
  category_access: { type: 'all' };
  date_created: string;
  date_modified: string;
  is_group_for_guests: boolean;
}

// The spec's examples write group dates as `2023-07-17 06:30:41`.
const groupDate = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, '');

const SEEDED = [
  { id: 1, name: 'Retail', is_default: true, created: Date.UTC(2022, 11, 1, 9, 0, 0) },
  { id: 2, name: 'Wholesale', is_default: false, created: Date.UTC(2022, 11, 2, 9, 30, 0) },
];

/** The groups seeded customers belong to (`customer_group_id` 1 or 2; 0 is "no group"). */
export function seedCustomerGroups(): CustomerGroup[] {
  return SEEDED.map(({ id, name, is_default, created }) => ({
    id,
    name,
    is_default,
    category_access: { type: 'all' },
    date_created: groupDate(created),
    date_modified: groupDate(created),
    is_group_for_guests: false,
  }));
}

/** v2 answers errors as a bare array of `{ status, message }`. */
export const v2NotFound = (): Reply => ({
  status: 404,
  body: [{ status: 404, message: 'The requested resource was not found.' }],
});

/** A copy, so no answer aliases the store's state. */
export const toGroupView = (group: CustomerGroup): CustomerGroup => ({
  ...group,
  category_access: { ...group.category_access },
});
