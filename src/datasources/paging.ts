import type { z } from 'zod';
import type { HttpClient, QueryValue, UpstreamRequest } from './http-client.js';

/** BigCommerce's largest `limit` for a v3 list. */
export const MAX_LIMIT = 250;

/** Every item of a v3 list, page by page at the largest page size, until the last page. */
export async function readAllPages<T>(
  http: HttpClient,
  request: (query: Record<string, QueryValue>) => UpstreamRequest,
  query: Record<string, QueryValue>,
  schema: z.ZodType<T>,
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const { data, pagination } = await http.listV3(
      request({ ...query, page, limit: MAX_LIMIT }),
      schema,
    );
    items.push(...data);
    if (page >= pagination.total_pages || data.length === 0) return items;
  }
}
