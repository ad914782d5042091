import { notFound, paginate, single } from '../http.js';
import { projector } from '../projection.js';
import { intListParam, intParam, pageParams, stringParam } from '../query.js';
import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';
import { pathId, productIdParam } from './params.js';

/** Product variants (`product-variants_catalog.v3.yml`), per product and across the catalog. */
export function registerVariantRoutes(router: Router, store: SandboxStore): void {
  router.get('/v3/catalog/products/{product_id}/variants', ({ query, params }) => {
    const variants = store.variants.get(productIdParam(params));
    if (!variants) throw notFound('product');
    return paginate(variants, pageParams(query), query, projector(query));
  });

  router.get('/v3/catalog/products/{product_id}/variants/{variant_id}', ({ query, params }) => {
    const productId = productIdParam(params);
    if (!store.getProduct(productId)) throw notFound('product');
    const variant = store.getVariant(productId, pathId(params, 'variant_id', 'variant'));
    if (!variant) throw notFound('variant');
    return single(projector(query)(variant));
  });

  // Exactly the spec's filters for `getVariants`: one `id`, `sku`, `upc` and `product_id:in`.
  // There is no `id:in` or `sku:in` here, so such a parameter filters nothing, as any parameter
  // the sandbox does not know.
  router.get('/v3/catalog/variants', ({ query }) => {
    const page = pageParams(query);
    const id = intParam(query, 'id');
    const productIds = toSet(intListParam(query, 'product_id:in'));
    const sku = stringParam(query, 'sku');
    const upc = stringParam(query, 'upc');
    const variants = store
      .allVariants()
      .filter(
        (v) =>
          (id === undefined || v.id === id) &&
          (!productIds || productIds.has(v.product_id)) &&
          (sku === undefined || v.sku === sku) &&
          (upc === undefined || v.upc === upc),
      );
    return paginate(variants, page, query, projector(query));
  });
}

const toSet = <T>(values: T[] | undefined): Set<T> | undefined => values && new Set(values);
