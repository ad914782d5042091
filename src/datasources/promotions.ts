import type { HttpClient, QueryValue, UpstreamRequest } from './http-client.js';
import { readAllPages } from './paging.js';
import type { RequestPriority } from './quota.js';
import type { BcPagination } from './schemas/envelope.js';
import {
  type BcCouponPromotionInput,
  type BcPromotion,
  type BcPromotionCode,
  type BcPromotionCodeInput,
  type BcPromotionPatch,
  bcPromotionCodeListItemSchema,
  bcPromotionCodeSchema,
  bcPromotionListItemSchema,
  bcPromotionSchema,
} from './schemas/promotions.js';

/**
 * Promotions v3 (promotions.v3.yml): promotions and their coupon codes, for the back office
 * (`src/schema/promotions/`). Never cached: writes and reads are an operator's, and rare.
 */
export class PromotionsApi {
  constructor(
    private readonly http: HttpClient,
    private readonly options: { requestId?: string; priority?: RequestPriority } = {},
  ) {}

  /** `GET /v3/promotions`: one page, by id ascending (the default order). */
  listPromotions(page: {
    page: number;
    limit: number;
  }): Promise<{ data: BcPromotion[]; pagination: BcPagination }> {
    return this.http.listV3(this.request('/v3/promotions', { ...page }), bcPromotionListItemSchema);
  }

  /** `GET /v3/promotions/{id}`. */
  getPromotion(id: number): Promise<BcPromotion> {
    return this.http.getV3(this.request(`/v3/promotions/${id}`), bcPromotionSchema);
  }

  /** `POST /v3/promotions` (answered 201). */
  createPromotion(input: BcCouponPromotionInput): Promise<BcPromotion> {
    return this.http.sendV3({ ...this.request('/v3/promotions'), body: input }, bcPromotionSchema);
  }

  /** `PUT /v3/promotions/{id}`. */
  updatePromotion(id: number, patch: BcPromotionPatch): Promise<BcPromotion> {
    return this.http.sendV3(
      { ...this.request(`/v3/promotions/${id}`), method: 'PUT', body: patch },
      bcPromotionSchema,
    );
  }

  /** `DELETE /v3/promotions/{id}` (answered 204, also for an id that does not exist). */
  async deletePromotion(id: number): Promise<void> {
    await this.http.sendRaw({ ...this.request(`/v3/promotions/${id}`), method: 'DELETE' });
  }

  /** `GET /v3/promotions/{promotion_id}/codes`: every code, all pages. */
  listCodes(promotionId: number): Promise<BcPromotionCode[]> {
    return readAllPages(
      this.http,
      (query) => this.request(`/v3/promotions/${promotionId}/codes`, query),
      {},
      bcPromotionCodeListItemSchema,
    );
  }

  /** `POST /v3/promotions/{promotion_id}/codes` (answered 201). */
  createCode(promotionId: number, input: BcPromotionCodeInput): Promise<BcPromotionCode> {
    return this.http.sendV3(
      { ...this.request(`/v3/promotions/${promotionId}/codes`), body: input },
      bcPromotionCodeSchema,
    );
  }

  /** `DELETE /v3/promotions/{promotion_id}/codes/{code_id}` (204). */
  async deleteCode(promotionId: number, codeId: number): Promise<void> {
    await this.http.sendRaw({
      ...this.request(`/v3/promotions/${promotionId}/codes/${codeId}`),
      method: 'DELETE',
    });
  }

  private request(path: string, query: Record<string, QueryValue> = {}): UpstreamRequest {
    return { path, query, requestId: this.options.requestId, priority: this.options.priority };
  }
}
