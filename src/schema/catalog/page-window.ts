/** The largest page BigCommerce serves. */
export const MAX_PAGE_SIZE = 250;

export interface PageWindow {
  /** BigCommerce's 1-based `page`. */
  page: number;
  /** BigCommerce's `limit`. */
  limit: number;
  /** Items to drop from the front of that page to reach `offset`. */
  skip: number;
}

/**
 * Maps a Relay window (`offset`, `count`) onto one BigCommerce `page`/`limit` request: the smallest
 * page size that holds the whole window in a single page. Walking a connection with a constant
 * `first` is the common case and fetches exactly `first` items.
 */
export function pageWindowFor(offset: number, count: number): PageWindow[] {
  if (count <= 0) return [];
  for (let limit = count; limit <= MAX_PAGE_SIZE; limit++) {
    const page = Math.floor(offset / limit);
    if (Math.floor((offset + count - 1) / limit) === page) {
      return [{ page: page + 1, limit, skip: offset - page * limit }];
    }
  }
  // No single page holds it: two consecutive pages of `count` do.
  const page = Math.floor(offset / count);
  return [
    { page: page + 1, limit: count, skip: offset - page * count },
    { page: page + 2, limit: count, skip: 0 },
  ];
}
