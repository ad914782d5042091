import { notFound, paginate, single } from '../http.js';
import { projector } from '../projection.js';
import { pageParams } from '../query.js';
import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';
import { pathId, productIdParam } from './params.js';

/** A product's images, custom fields and bulk pricing rules (products_catalog.v3.yml). */
export function registerProductResourceRoutes(router: Router, store: SandboxStore): void {
  const lists: Record<string, ReadonlyMap<number, readonly object[]>> = {
    images: store.images,
    'custom-fields': store.customFields,
    'bulk-pricing-rules': store.bulkPricingRules,
  };
  for (const [segment, byProduct] of Object.entries(lists)) {
    router.get(`/v3/catalog/products/{product_id}/${segment}`, ({ query, params }) => {
      const items = byProduct.get(productIdParam(params));
      if (!items) throw notFound('product');
      return paginate(items, pageParams(query), query, projector(query));
    });
  }

  router.get('/v3/catalog/products/{product_id}/images/{image_id}', ({ query, params }) => {
    const images = store.images.get(productIdParam(params));
    if (!images) throw notFound('product');
    const imageId = pathId(params, 'image_id', 'image');
    const image = images.find((i) => i.id === imageId);
    if (!image) throw notFound('image');
    return single(projector(query)(image));
  });
}
