import { z } from 'zod';
import { lenientArray } from './lenient.js';

/**
 * BigCommerce v3 envelopes (`{ data, meta: { pagination } }`) and the v3 error body.
 * Objects are loose so fields BigCommerce adds later pass through instead of failing the parse.
 */

/**
 * `meta.pagination` of a v3 list. The spec (`pagination_Full`) requires none of its counters, so
 * none is required here; `completePagination` fills the gaps from the page itself.
 */
export const bcPaginationSchema = z.looseObject({
  total: z.number().optional(),
  count: z.number().optional(),
  per_page: z.number().optional(),
  current_page: z.number().optional(),
  total_pages: z.number().optional(),
  links: z
    .looseObject({
      previous: z.string().optional(),
      current: z.string().optional(),
      next: z.string().optional(),
    })
    .optional(),
});

/** Pagination with every counter known, as the HTTP client hands it on. */
export interface BcPagination {
  total: number;
  count: number;
  per_page: number;
  current_page: number;
  total_pages: number;
}

/**
 * Fills counters BigCommerce left out from the request (`page`, `limit`) and what the page shows.
 * Without `total`, the count is what is known so far: earlier pages plus this one, plus one more
 * page when a `next` link says more follow.
 */
export function completePagination(
  raw: z.infer<typeof bcPaginationSchema> | undefined,
  received: number,
  requested: { page?: number; limit?: number } = {},
): BcPagination {
  const count = raw?.count ?? received;
  const perPage = raw?.per_page ?? requested.limit ?? Math.max(count, 1);
  const current = raw?.current_page ?? requested.page ?? 1;
  const more = raw?.links?.next !== undefined;
  const totalPages =
    raw?.total_pages ??
    (raw?.total !== undefined ? Math.ceil(raw.total / perPage) : more ? current + 1 : current);
  const total = raw?.total ?? (current - 1) * perPage + count + (more ? perPage : 0);
  return { total, count, per_page: perPage, current_page: current, total_pages: totalPages };
}

// Some lists (category trees) answer `meta: {}` with no pagination at all, so it stays optional
// and the client synthesizes one from the data it got.
const listMetaSchema = z.looseObject({ pagination: bcPaginationSchema.optional() });

/** `{ data: Item[], meta: { pagination? } }`; malformed items are dropped, not fatal. */
export function bcV3ListEnvelope<T extends z.ZodType>(item: T) {
  return z.looseObject({ data: lenientArray(item, 'data'), meta: listMetaSchema.optional() });
}

/** `{ data: Item, meta: {} }` */
export function bcV3SingleEnvelope<T extends z.ZodType>(item: T) {
  return z.looseObject({ data: item, meta: z.looseObject({}).optional() });
}

/**
 * v3 error body. `errors` maps a field name to a message; it is absent on most non-422 answers,
 * and a few endpoints put arrays or objects in it, hence `unknown` values.
 */
export const bcV3ErrorSchema = z.looseObject({
  status: z.number().optional(),
  title: z.string().optional(),
  type: z.string().optional(),
  errors: z.record(z.string(), z.unknown()).optional(),
});

export type BcV3Error = z.infer<typeof bcV3ErrorSchema>;
