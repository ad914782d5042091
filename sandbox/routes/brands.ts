import { notFound, paginate, single } from '../http.js';
import { ListFilter, sortBy } from '../list-filter.js';
import { projector } from '../projection.js';
import { enumParam, pageParams } from '../query.js';
import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';
import { pathId } from './params.js';

/** `brands_catalog.v3.yml`: the list and one brand. */
export function registerBrandRoutes(router: Router, store: SandboxStore): void {
  router.get('/v3/catalog/brands', ({ query }) => {
    const page = pageParams(query);
    const sort = enumParam(query, 'sort', ['name'] as const);
    const direction = enumParam(query, 'direction', ['asc', 'desc'] as const);
    const brands = new ListFilter<(typeof store.brands)[number]>(query)
      .int('id', (b) => b.id)
      .intIn('id:in', (b) => b.id)
      .intIn('id:not_in', (b) => b.id, true)
      .equals('name', (b) => b.name)
      .like('name:like', (b) => b.name)
      .equals('page_title', (b) => b.page_title)
      .apply(store.brands);
    const sorted = sortBy(brands, sort && ((b) => b.name), direction);
    return paginate(sorted, page, query, projector(query));
  });

  router.get('/v3/catalog/brands/{brand_id}', ({ query, params }) => {
    const id = pathId(params, 'brand_id', 'brand');
    const brand = store.brands.find((b) => b.id === id);
    if (!brand) throw notFound('brand');
    return single(projector(query)(brand));
  });
}
