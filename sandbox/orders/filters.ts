import type { SandboxOrder } from './model.js';
import { V2Error } from './v2.js';

const SORT_FIELDS = [
  'id',
  'customer_id',
  'date_created',
  'date_modified',
  'status_id',
  'channel_id',
] as const;

const badParam = (name: string, why: string) =>
  new V2Error(400, `The filter '${name}' is invalid: ${why}.`);

function intOf(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw badParam(name, 'expected an integer');
  return Number(raw);
}

/** RFC 2822 (`Thu, 20 Apr 2017 11:32:00 -0400`) or ISO 8601, as the spec allows. */
function dateOf(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw badParam(name, 'expected an RFC 2822 or ISO 8601 date');
  return ms;
}

/** Cents from a decimal amount filter (`min_total=10.50`), in integers. */
function centsOf(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const match = /^(\d+)(?:\.(\d{1,4}))?$/.exec(raw);
  if (!match) throw badParam(name, 'expected a decimal amount');
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(4, '0').slice(0, 2));
}

/** `GET /v2/orders` (and `/count`) filters: each given one must hold. */
export function orderFilter(query: URLSearchParams): (order: SandboxOrder) => boolean {
  const checks: ((o: SandboxOrder) => boolean)[] = [];
  const exact = (name: string, value: (o: SandboxOrder) => number) => {
    const wanted = intOf(query, name);
    if (wanted !== undefined) checks.push((o) => value(o) === wanted);
  };
  exact('customer_id', (o) => o.customerId);
  exact('status_id', (o) => o.statusId);
  exact('channel_id', (o) => o.channelId);
  const minId = intOf(query, 'min_id');
  const maxId = intOf(query, 'max_id');
  if (minId !== undefined) checks.push((o) => o.id >= minId);
  if (maxId !== undefined) checks.push((o) => o.id <= maxId);
  const minTotal = centsOf(query, 'min_total');
  const maxTotal = centsOf(query, 'max_total');
  if (minTotal !== undefined) checks.push((o) => o.grandTotalCents >= minTotal);
  if (maxTotal !== undefined) checks.push((o) => o.grandTotalCents <= maxTotal);
  for (const [name, at] of [
    ['min_date_created', (o: SandboxOrder) => o.createdMs],
    ['max_date_created', (o: SandboxOrder) => o.createdMs],
    ['min_date_modified', (o: SandboxOrder) => o.modifiedMs],
    ['max_date_modified', (o: SandboxOrder) => o.modifiedMs],
  ] as const) {
    const bound = dateOf(query, name);
    if (bound === undefined) continue;
    checks.push(name.startsWith('min') ? (o) => at(o) >= bound : (o) => at(o) <= bound);
  }
  const cartId = query.get('cart_id');
  if (cartId) checks.push((o) => o.cartId === cartId);
  const email = query.get('email');
  if (email) checks.push((o) => o.billingAddress.email.toLowerCase() === email.toLowerCase());
  return (order) => checks.every((check) => check(order));
}

/** `sort=field` or `sort=field:asc|desc` (the spec's text); id ascending by default. */
export function sortOrders(orders: SandboxOrder[], query: URLSearchParams): SandboxOrder[] {
  const raw = query.get('sort');
  if (!raw) return orders;
  const [field, direction = 'asc'] = raw.split(':');
  if (!SORT_FIELDS.includes(field as never) || !['asc', 'desc'].includes(direction)) {
    throw badParam(
      'sort',
      `expected one of ${SORT_FIELDS.join(', ')}, optionally with :asc or :desc`,
    );
  }
  const key = (o: SandboxOrder): number => {
    switch (field) {
      case 'customer_id':
        return o.customerId;
      case 'date_created':
        return o.createdMs;
      case 'date_modified':
        return o.modifiedMs;
      case 'status_id':
        return o.statusId;
      case 'channel_id':
        return o.channelId;
      default:
        return o.id;
    }
  };
  const sign = direction === 'desc' ? -1 : 1;
  return [...orders].sort((a, b) => sign * (key(a) - key(b) || a.id - b.id));
}

/** `page` from 1 and `limit` (default 50, at most 250); v2 refuses others with a 400. */
export function v2Page(query: URLSearchParams): { page: number; limit: number } {
  const page = intOf(query, 'page') ?? 1;
  const limit = intOf(query, 'limit') ?? 50;
  if (page < 1) throw badParam('page', 'must be at least 1');
  if (limit < 1 || limit > 250) throw badParam('limit', 'must be between 1 and 250');
  return { page, limit };
}
