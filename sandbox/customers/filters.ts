import { HttpError } from '../http.js';
import { enumParam, intListParam, stringListParam, stringParam } from '../query.js';
import type { Customer, CustomerAddress } from './model.js';

type Check<T> = (item: T) => boolean;

const invalid = (name: string, message: string): HttpError =>
  new HttpError(422, 'The filter(s) or parameter(s) supplied are invalid.', { [name]: message });

const fullName = (item: { first_name: string; last_name: string }): string =>
  `${item.first_name} ${item.last_name}`.toLowerCase();

/** A case-insensitive `:in` list, or undefined when absent. */
function lowerSet(query: URLSearchParams, name: string): Set<string> | undefined {
  const values = stringListParam(query, name);
  return values && new Set(values.map((v) => v.toLowerCase()));
}

/** `2024-05-14` or `2024-05-14T09:34:00` (read as UTC), as the spec's date filters take. */
function dateParam(
  query: URLSearchParams,
  name: string,
): { ms: number; dayOnly: boolean } | undefined {
  const raw = stringParam(query, name);
  if (raw === undefined) return undefined;
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const zoned = /[zZ]|[+-]\d{2}:?\d{2}$/.test(raw);
  const ms = Date.parse(dayOnly ? `${raw}T00:00:00Z` : zoned ? raw : `${raw}Z`);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(ms)) {
    throw invalid(name, `${name} must be a date such as 2024-05-14 or 2024-05-14T09:34:00`);
  }
  return { ms, dayOnly };
}

const DAY = 86_400_000;

function dateChecks(
  query: URLSearchParams,
  field: 'date_created' | 'date_modified',
): Check<Customer>[] {
  const checks: Check<Customer>[] = [];
  const at = (c: Customer) => Date.parse(c[field]);
  const exact = dateParam(query, field);
  if (exact) {
    const end = exact.dayOnly ? exact.ms + DAY : exact.ms + 1_000;
    checks.push((c) => at(c) >= exact.ms && at(c) < end);
  }
  const min = dateParam(query, `${field}:min`);
  if (min) checks.push((c) => at(c) >= min.ms);
  const max = dateParam(query, `${field}:max`);
  // A day-only maximum includes that whole day.
  if (max) checks.push((c) => at(c) < max.ms + (max.dayOnly ? DAY : 1_000));
  return checks;
}

/** The `getCustomers` filters present in the query, as one predicate. */
export function customerFilter(query: URLSearchParams): Check<Customer> {
  const checks: Check<Customer>[] = [];
  const ids = intListParam(query, 'id:in');
  if (ids) checks.push((c) => ids.includes(c.id));
  const emails = lowerSet(query, 'email:in');
  if (emails) checks.push((c) => emails.has(c.email.toLowerCase()));
  const companies = lowerSet(query, 'company:in');
  if (companies) checks.push((c) => companies.has(c.company.toLowerCase()));
  const groups = intListParam(query, 'customer_group_id:in');
  if (groups) checks.push((c) => groups.includes(c.customer_group_id));
  const names = lowerSet(query, 'name:in');
  if (names) checks.push((c) => names.has(fullName(c)));
  const parts = stringListParam(query, 'name:like')?.map((p) => p.toLowerCase());
  if (parts) checks.push((c) => parts.some((part) => fullName(c).includes(part)));
  const phones = stringListParam(query, 'phone:in');
  if (phones) checks.push((c) => phones.includes(c.phone));
  const ips = stringListParam(query, 'registration_ip_address:in');
  if (ips) checks.push((c) => ips.includes(c.registration_ip_address));
  checks.push(...dateChecks(query, 'date_created'), ...dateChecks(query, 'date_modified'));
  return (customer) => checks.every((check) => check(customer));
}

const CUSTOMER_SORTS = [
  'date_created:asc',
  'date_created:desc',
  'last_name:asc',
  'last_name:desc',
  'date_modified:asc',
  'date_modified:desc',
] as const;

/** `sort=last_name:asc` and the like; ties, and no `sort`, order by id. */
export function sortCustomers(customers: Customer[], query: URLSearchParams): Customer[] {
  const sort = enumParam(query, 'sort', CUSTOMER_SORTS);
  if (!sort) return customers;
  const [field, direction] = sort.split(':') as [
    'date_created' | 'last_name' | 'date_modified',
    string,
  ];
  const sign = direction === 'desc' ? -1 : 1;
  return [...customers].sort((a, b) => {
    const order = a[field].localeCompare(b[field]);
    return order === 0 ? a.id - b.id : sign * order;
  });
}

/** The `getCustomersAddresses` filters present in the query, as one predicate. */
export function addressFilter(query: URLSearchParams): Check<CustomerAddress> {
  const checks: Check<CustomerAddress>[] = [];
  const ids = intListParam(query, 'id:in');
  if (ids) checks.push((a) => ids.includes(a.id));
  const customers = intListParam(query, 'customer_id:in');
  if (customers) checks.push((a) => customers.includes(a.customer_id));
  const companies = lowerSet(query, 'company:in');
  if (companies) checks.push((a) => companies.has(a.company.toLowerCase()));
  const names = lowerSet(query, 'name:in');
  if (names) checks.push((a) => names.has(fullName(a)));
  return (address) => checks.every((check) => check(address));
}
