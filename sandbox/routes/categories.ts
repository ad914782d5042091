import { notFound, paginate, single } from '../http.js';
import { ListFilter, sortBy } from '../list-filter.js';
import type { Category } from '../model.js';
import { projector } from '../projection.js';
import { enumParam, pageParams } from '../query.js';
import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';
import { pathId } from './params.js';

const SORTS = ['name', 'id', 'parent_id', 'sort_order'] as const;

/** The legacy category shape (`Category` in categories_catalog.v3.yml): no tree fields. */
const toLegacy = ({ category_uuid: _uuid, tree_id: _tree, ...category }: Category) => category;

/** `categories_catalog.v3.yml`: the legacy list and one category. */
export function registerCategoryRoutes(router: Router, store: SandboxStore): void {
  router.get('/v3/catalog/categories', ({ query }) => {
    const page = pageParams(query);
    const sort = enumParam(query, 'sort', SORTS);
    const direction = enumParam(query, 'direction', ['asc', 'desc'] as const);
    const categories = new ListFilter<Category>(query)
      .int('id', (c) => c.id)
      .intIn('id:in', (c) => c.id)
      .intIn('id:not_in', (c) => c.id, true)
      .equals('name', (c) => c.name)
      .like('name:like', (c) => c.name)
      .int('parent_id', (c) => c.parent_id)
      .intIn('parent_id:in', (c) => c.parent_id)
      .equals('page_title', (c) => c.page_title)
      .like('keyword', (c) => `${c.name} ${c.description} ${c.search_keywords}`)
      .bool('is_visible', (c) => c.is_visible)
      .apply(store.categories);
    const sorted = sortBy(categories, sort && ((c) => c[sort]), direction);
    const project = projector(query);
    return paginate(sorted, page, query, (c) => project(toLegacy(c)));
  });

  router.get('/v3/catalog/categories/{category_id}', ({ query, params }) => {
    const id = pathId(params, 'category_id', 'category');
    const category = store.categories.find((c) => c.id === id);
    if (!category) throw notFound('category');
    return single(projector(query)(toLegacy(category)));
  });
}
