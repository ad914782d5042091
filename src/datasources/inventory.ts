import type { HttpClient, QueryValue, UpstreamRequest } from './http-client.js';
import type { RequestPriority } from './quota.js';
import {
  type BcAdjustment,
  type BcInventoryItem,
  bcAdjustmentSchema,
  bcInventoryItemSchema,
  bcTransactionSchema,
} from './schemas/inventory.js';

/** `GET /v3/inventory/items` pages up to 1000 items (inventory.v3.yml, "Limits"). */
export const MAX_ITEMS_LIMIT = 1000;
/** Product ids per `product_id:in`, so the query string stays short. */
export const MAX_PRODUCT_IDS = 250;

/** Inventory v3 (inventory.v3.yml): stock per location, and adjustments. Over one request's HttpClient. */
export class InventoryApi {
  constructor(
    private readonly http: HttpClient,
    private readonly options: { requestId?: string; priority?: RequestPriority } = {},
  ) {}

  /**
   * Every inventory item of these products (one per variant for products tracked by variant),
   * with its stock at every location: `GET /v3/inventory/items?product_id:in=…`, all pages.
   */
  async itemsOfProducts(productIds: readonly number[]): Promise<BcInventoryItem[]> {
    const items: BcInventoryItem[] = [];
    for (let start = 0; start < productIds.length; start += MAX_PRODUCT_IDS) {
      const ids = productIds.slice(start, start + MAX_PRODUCT_IDS);
      for (let page = 1; ; page++) {
        const query = { 'product_id:in': ids, page, limit: MAX_ITEMS_LIMIT };
        const { data, pagination } = await this.http.listV3(
          this.request('/v3/inventory/items', query),
          bcInventoryItemSchema,
        );
        items.push(...data);
        if (page >= pagination.total_pages || data.length === 0) break;
      }
    }
    return items;
  }

  /** `PUT /v3/inventory/adjustments/absolute`: sets each item's level at its location. */
  async setLevels(adjustment: BcAdjustment): Promise<string | undefined> {
    const body = bcAdjustmentSchema.parse(adjustment);
    const { body: answer } = await this.http.sendRaw({
      ...this.request('/v3/inventory/adjustments/absolute'),
      method: 'PUT',
      body,
    });
    return bcTransactionSchema.parse(answer ?? {}).transaction_id;
  }

  /**
   * `POST /v3/inventory/adjustments/relative`: adds each quantity (negative to take away). Not
   * idempotent, so never retried once sent; BigCommerce refuses a level below zero (422).
   */
  async changeLevels(adjustment: BcAdjustment): Promise<string | undefined> {
    const body = bcAdjustmentSchema.parse(adjustment);
    const { body: answer } = await this.http.sendRaw({
      ...this.request('/v3/inventory/adjustments/relative'),
      method: 'POST',
      body,
    });
    return bcTransactionSchema.parse(answer ?? {}).transaction_id;
  }

  private request(path: string, query?: Record<string, QueryValue>): UpstreamRequest {
    return { path, query, requestId: this.options.requestId, priority: this.options.priority };
  }
}
