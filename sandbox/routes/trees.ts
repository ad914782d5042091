import { notFound, paginate, single } from '../http.js';
import { ListFilter } from '../list-filter.js';
import type { Category } from '../model.js';
import { projector } from '../projection.js';
import { intParam, pageParams } from '../query.js';
import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';
import { pathId } from './params.js';

/** `CategoryNode` in category-trees_catalog.v3.yml. */
interface CategoryNode {
  id: number;
  parent_id: number;
  depth: number;
  path: number[];
  name: string;
  is_visible: boolean;
  children: CategoryNode[];
  url: string;
}

/** `GetCategories`: the tree API names the id `category_id` and the URL `url.path`. */
const toTreeCategory = ({ id, custom_url, ...rest }: Category) => ({
  category_id: id,
  ...rest,
  url: { path: custom_url.url, is_customized: custom_url.is_customized },
});

/** `category-trees_catalog.v3.yml`: trees, one tree's nested nodes, and the flat category list. */
export function registerTreeRoutes(router: Router, store: SandboxStore): void {
  router.get('/v3/catalog/trees', ({ query }) => {
    const trees = new ListFilter<(typeof store.trees)[number]>(query)
      .intIn('id:in', (t) => t.id)
      .apply(store.trees);
    const channels = new ListFilter<number>(query).intIn('channel_id:in', (c) => c);
    const withChannel = trees.filter((t) => channels.apply(t.channels).length > 0);
    return paginate(withChannel, pageParams(query), query);
  });

  router.get('/v3/catalog/trees/categories', ({ query }) => {
    const categories = new ListFilter<Category>(query)
      .intIn('category_id:in', (c) => c.id)
      .intIn('category_id:not_in', (c) => c.id, true)
      .stringIn('category_uuid:in', (c) => c.category_uuid)
      .stringIn('category_uuid:not_in', (c) => c.category_uuid, true)
      .intIn('tree_id:in', (c) => c.tree_id)
      .intIn('tree_id:not_in', (c) => c.tree_id, true)
      .intIn('parent_id:in', (c) => c.parent_id)
      .intIn('parent_id:not_in', (c) => c.parent_id, true)
      .equals('name', (c) => c.name)
      .like('name:like', (c) => c.name)
      .equals('page_title', (c) => c.page_title)
      .like('page_title:like', (c) => c.page_title)
      .like('keyword', (c) => `${c.name} ${c.description} ${c.search_keywords}`)
      .bool('is_visible', (c) => c.is_visible)
      .apply(store.categories);
    const project = projector(query);
    return paginate(categories, pageParams(query), query, (c) => project(toTreeCategory(c)));
  });

  router.get('/v3/catalog/trees/{tree_id}/categories', ({ query, params }) => {
    const treeId = pathId(params, 'tree_id', 'tree');
    if (!store.trees.some((t) => t.id === treeId)) throw notFound('tree');
    const maxDepth = intParam(query, 'depth');
    const inTree = store.categories.filter((c) => c.tree_id === treeId);
    const build = (parentId: number, path: number[]): CategoryNode[] =>
      inTree
        .filter((c) => c.parent_id === parentId)
        .sort((a, b) => a.sort_order - b.sort_order || a.id - b.id)
        .map((c) => {
          const nodePath = [...path, c.id];
          const deeper = maxDepth === undefined || nodePath.length < maxDepth;
          return {
            id: c.id,
            parent_id: c.parent_id,
            depth: nodePath.length,
            path: nodePath,
            name: c.name,
            is_visible: c.is_visible,
            children: deeper ? build(c.id, nodePath) : [],
            url: c.custom_url.url,
          };
        });
    return single(build(0, []));
  });
}
