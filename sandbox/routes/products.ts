import { productFilter, sortProducts } from '../filters.js';
import { notFound, paginate, single } from '../http.js';
import { parseIncludes, withIncludes } from '../product-view.js';
import { projector } from '../projection.js';
import { pageParams } from '../query.js';
import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';
import { productIdParam } from './params.js';

/** `GET /v3/catalog/products` and `GET /v3/catalog/products/{product_id}`. */
export function registerProductRoutes(router: Router, store: SandboxStore): void {
  router.get('/v3/catalog/products', ({ query }) => {
    const includes = parseIncludes(query);
    // The spec: "When you specify `options` or `modifiers`, results are limited to 10 per page."
    const capped = includes.has('options') || includes.has('modifiers');
    const page = pageParams(query, capped ? 10 : undefined);
    const matches = productFilter(query, store.brands);
    const project = projector(query);
    const sorted = sortProducts(store.products.filter(matches), query);
    return paginate(sorted, page, query, (p) => withIncludes(store, p, project(p), includes));
  });

  router.get('/v3/catalog/products/{product_id}', ({ query, params }) => {
    const includes = parseIncludes(query);
    const product = store.getProduct(productIdParam(params));
    if (!product) throw notFound('product');
    return single(withIncludes(store, product, projector(query)(product), includes));
  });
}
