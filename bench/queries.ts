/** The catalog listing the bench measures: 50 products with brand, categories, variants, images. */
export const LISTING_QUERY = `query Listing($after: String) {
  products(first: 50, after: $after) {
    totalCount
    edges {
      node {
        entityId name sku
        prices { price { amount } }
        brand { name }
        categories { name }
        variants { sku isPurchasable }
        images { url(width: 320) }
      }
    }
  }
}`;

/** Products per listing page. */
export const PAGE_SIZE = 50;

/**
 * The `after` cursor of page `page` (1-based): the gateway's cursors are opaque base64url of
 * `offset:N`, the offset of the last edge before the page. Page 1 has none.
 */
export function cursorForPage(page: number): string | undefined {
  if (page <= 1) return undefined;
  return Buffer.from(`offset:${(page - 1) * PAGE_SIZE - 1}`).toString('base64url');
}

/** The listing with an order, so a burst can ask many distinct, uncacheable pages. */
export const SORTED_LISTING_QUERY = LISTING_QUERY.replace(
  'query Listing($after: String) {\n  products(first: 50, after: $after) {',
  'query SortedListing($after: String, $sort: ProductSortInput) {\n' +
    '  products(first: 50, after: $after, sort: $sort) {',
);

const SORT_FIELDS = ['ID', 'NAME', 'PRICE', 'SKU', 'TOTAL_SOLD', 'DATE_MODIFIED'] as const;

/** Variables of the `index`-th distinct sorted page, over `pages` pages per order. */
export function distinctPage(index: number, pages: number): Record<string, unknown> {
  const order = Math.floor(index / pages);
  const field = SORT_FIELDS[order % SORT_FIELDS.length]!;
  const direction = Math.floor(order / SORT_FIELDS.length) % 2 === 0 ? 'ASC' : 'DESC';
  return { after: cursorForPage((index % pages) + 1), sort: { field, direction } };
}

/** One product by its BigCommerce id: the product page's smallest useful answer. */
export const PRODUCT_QUERY = `query Product($entityId: Int!) {
  product(entityId: $entityId) {
    entityId name sku
    prices { price { amount currencyCode } }
    brand { name }
  }
}`;
