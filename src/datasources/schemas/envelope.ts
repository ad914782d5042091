import { z } from 'zod';

/**
 * BigCommerce v3 envelopes (`{ data, meta: { pagination } }`) and the v3 error body.
 * Objects are loose so fields BigCommerce adds later pass through instead of failing the parse.
 */

/** `meta.pagination` of a v3 list. `links.previous`/`next` come and go with the page position. */
export const bcPaginationSchema = z.looseObject({
  total: z.number(),
  count: z.number(),
  per_page: z.number(),
  current_page: z.number(),
  total_pages: z.number(),
  links: z
    .looseObject({
      previous: z.string().optional(),
      current: z.string().optional(),
      next: z.string().optional(),
    })
    .optional(),
});

export type BcPagination = z.infer<typeof bcPaginationSchema>;

// Some lists (category trees) answer `meta: {}` with no pagination at all, so it stays optional
// and the client synthesizes one from the data it got.
const listMetaSchema = z.looseObject({ pagination: bcPaginationSchema.optional() });

/** `{ data: Item[], meta: { pagination? } }` */
export function bcV3ListEnvelope<T extends z.ZodType>(item: T) {
  return z.looseObject({ data: z.array(item), meta: listMetaSchema.optional() });
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
