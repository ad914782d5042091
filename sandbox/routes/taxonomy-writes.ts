import { z } from 'zod';
import { HttpError, notFound, readJsonBody, single } from '../http.js';
import type { Category } from '../model.js';
import type { Router } from '../router.js';
import type { BrandPatch, CategoryPatch, NewBrand, NewCategory, SandboxStore } from '../store.js';
import { pathId } from './params.js';

/** The writable fields of a brand (`createBrand`'s body; `updateBrand`'s are the same, optional). */
const brandFields = z.object({
  name: z.string().trim().min(1).max(255),
  page_title: z.string().max(255),
  meta_keywords: z.array(z.string()),
  meta_description: z.string().max(65_535),
  search_keywords: z.string().max(65_535),
  image_url: z.string(),
  custom_url: z.object({
    url: z
      .string()
      .min(1)
      .max(1024)
      .regex(/^(\/([A-Za-z0-9\-_.]{1,256}))*\/?$/),
    is_customized: z.boolean(),
  }),
});

/** `CategoryBase` with `name`, `parent_id`, `tree_id` and `url` (category-trees_catalog.v3.yml). */
const categoryFields = z.object({
  // "50 characters category name length."
  name: z.string().trim().min(1).max(50),
  parent_id: z.number().int().min(0),
  tree_id: z.number().int().positive(),
  description: z.string().max(65_535),
  views: z.number().int().min(0),
  sort_order: z.number().int().min(-2_147_483_648).max(2_147_483_647),
  page_title: z.string(),
  meta_keywords: z.array(z.string()),
  meta_description: z.string().max(65_535),
  layout_file: z.string().max(50),
  image_url: z.string(),
  is_visible: z.boolean(),
  search_keywords: z.string().max(255),
  default_product_sort: z.enum([
    'use_store_settings',
    'featured',
    'newest',
    'best_selling',
    'alpha_asc',
    'alpha_desc',
    'avg_customer_review',
    'price_asc',
    'price_desc',
  ]),
  url: z.object({ path: z.string().min(1), is_customized: z.boolean().optional() }),
});

const categoryPost = categoryFields
  .partial()
  .required({ name: true })
  .refine((c) => c.parent_id !== undefined || c.tree_id !== undefined, {
    message: 'Creating a category requires `tree_id` or `parent_id`.',
    path: ['parent_id'],
  });
const categoryPut = categoryFields.partial().extend({ category_id: z.number().int().positive() });

/** "8 levels of child categories depth limit." */
const MAX_DEPTH = 8;

/**
 * Brand writes (`POST /v3/catalog/brands`, `PUT`/`DELETE /v3/catalog/brands/{brand_id}`) and
 * category writes (`POST`/`PUT`/`DELETE /v3/catalog/trees/categories`). Every item of a request is
 * checked before anything changes: a refused write (409, 422) leaves the store as it was.
 */
export function registerTaxonomyWriteRoutes(router: Router, store: SandboxStore): void {
  router.add('POST', '/v3/catalog/brands', async ({ req }) => {
    const fields = parse(brandFields.partial().required({ name: true }), await readJsonBody(req));
    checkBrandName(store, fields.name, undefined);
    return single(store.createBrand(fields as NewBrand));
  });

  router.add('PUT', '/v3/catalog/brands/{brand_id}', async ({ req, params }) => {
    const id = pathId(params, 'brand_id', 'brand');
    if (!store.brands.some((b) => b.id === id)) throw notFound('brand');
    const patch = parse(brandFields.partial(), await readJsonBody(req));
    if (patch.name !== undefined) checkBrandName(store, patch.name, id);
    return single(store.updateBrand(id, patch as BrandPatch));
  });

  router.add('DELETE', '/v3/catalog/brands/{brand_id}', ({ params }) => {
    store.deleteBrand(pathId(params, 'brand_id', 'brand'));
    return { status: 204, body: undefined };
  });

  router.add('POST', '/v3/catalog/trees/categories', async ({ req }) => {
    const items = parse(z.array(categoryPost).min(1), await readJsonBody(req));
    items.forEach((item, index) => {
      const parentId = item.parent_id ?? 0;
      const parent = checkParent(store, parentId, index);
      const treeId = parent?.tree_id ?? item.tree_id ?? 1;
      if (!store.trees.some((t) => t.id === treeId)) {
        throw new HttpError(422, 'The Category was not valid.', {
          [`${index}.tree_id`]: `Tree id ${treeId} was not found.`,
        });
      }
      const siblings = items.filter((other, i) => i < index && (other.parent_id ?? 0) === parentId);
      checkCategoryName(store, item.name, parentId, treeId, undefined, index, siblings);
    });
    const created = items.map(({ url, ...fields }) =>
      store.createCategory({
        ...(fields as NewCategory),
        parent_id: fields.parent_id ?? 0,
        ...(url && { custom_url: { url: url.path, is_customized: url.is_customized ?? true } }),
      }),
    );
    const meta = { total: created.length, success: created.length, failed: 0 };
    return { status: 201, body: { data: created.map(toTreeCategory), meta } };
  });

  router.add('PUT', '/v3/catalog/trees/categories', async ({ req }) => {
    const items = parse(z.array(categoryPut).min(1), await readJsonBody(req));
    items.forEach((item, index) => {
      const current = store.categories.find((c) => c.id === item.category_id);
      if (!current) {
        throw new HttpError(422, 'The Category was not valid.', {
          [`${index}.category_id`]: `Category id ${item.category_id} was not found.`,
        });
      }
      const parentId = item.parent_id ?? current.parent_id;
      if (item.parent_id !== undefined && isAtOrBelow(store, item.parent_id, current.id)) {
        throw new HttpError(422, 'The Category was not valid.', {
          [`${index}.parent_id`]: 'A category cannot be moved below itself.',
        });
      }
      checkParent(store, parentId, index);
      const name = item.name ?? current.name;
      checkCategoryName(store, name, parentId, current.tree_id, current.id, index);
    });
    for (const { category_id, url, ...fields } of items) {
      store.updateCategory(category_id, {
        ...(fields as CategoryPatch),
        ...(url && { custom_url: { url: url.path, is_customized: url.is_customized ?? true } }),
      });
    }
    return { body: { meta: { total: items.length, success: items.length, failed: 0 } } };
  });

  router.add('DELETE', '/v3/catalog/trees/categories', ({ query }) => {
    const ints = (name: string) =>
      (query.get(name) ?? '')
        .split(',')
        .filter((s) => s !== '')
        .map(Number);
    const uuids = new Set((query.get('category_uuid:in') ?? '').split(',').filter(Boolean));
    const ids = new Set(ints('category_id:in'));
    const trees = new Set(ints('tree_id:in'));
    const parents = new Set(ints('parent_id:in'));
    if (uuids.size + ids.size + trees.size + parents.size === 0) {
      throw new HttpError(422, 'A filter is required to delete categories.', {
        'category_id:in': 'Give category ids, uuids, tree ids or parent ids.',
      });
    }
    const chosen = store.categories
      .filter(
        (c) =>
          uuids.has(c.category_uuid) ||
          ids.has(c.id) ||
          trees.has(c.tree_id) ||
          parents.has(c.parent_id),
      )
      .map((c) => c.id);
    const deleted = store.deleteCategories(chosen);
    return {
      status: 202,
      body: { meta: { total: deleted.length, success: deleted.length, failed: 0 } },
    };
  });
}

/** `GetCategories`: the tree API names the id `category_id` and the URL `url.path`. */
const toTreeCategory = ({ id, custom_url, ...rest }: Category) => ({
  category_id: id,
  ...rest,
  url: { path: custom_url.url, is_customized: custom_url.is_customized },
});

/** Brand names are unique in a store, whatever their case (BigCommerce's 409). */
function checkBrandName(store: SandboxStore, name: string, selfId: number | undefined): void {
  const wanted = name.trim().toLowerCase();
  if (store.brands.some((b) => b.id !== selfId && b.name.toLowerCase() === wanted)) {
    throw new HttpError(409, 'The brand conflicts with another brand.', {
      name: `A brand with the name "${name}" already exists.`,
    });
  }
}

/** A parent must exist (0 is the top of a tree) and leave room below it for one more level. */
function checkParent(store: SandboxStore, parentId: number, index: number): Category | undefined {
  if (parentId === 0) return undefined;
  const parent = store.categories.find((c) => c.id === parentId);
  if (!parent) {
    throw new HttpError(422, 'The Category was not valid.', {
      [`${index}.parent_id`]: `Parent category id ${parentId} was not found.`,
    });
  }
  if (depthOf(store, parent) >= MAX_DEPTH) {
    throw new HttpError(422, 'The Category was not valid.', {
      [`${index}.parent_id`]: `Categories nest at most ${MAX_DEPTH} levels deep.`,
    });
  }
  return parent;
}

function depthOf(store: SandboxStore, category: Category): number {
  let depth = 1;
  let parentId = category.parent_id;
  while (parentId !== 0 && depth <= MAX_DEPTH) {
    const parent = store.categories.find((c) => c.id === parentId);
    if (!parent) break;
    depth++;
    parentId = parent.parent_id;
  }
  return depth;
}

/** Whether `id` is `ancestorId` or lies below it. */
function isAtOrBelow(store: SandboxStore, id: number, ancestorId: number): boolean {
  let current = store.categories.find((c) => c.id === id);
  while (current) {
    if (current.id === ancestorId) return true;
    const parentId = current.parent_id;
    current = parentId === 0 ? undefined : store.categories.find((c) => c.id === parentId);
  }
  return false;
}

/** Sibling categories (one parent, one tree) have distinct names, whatever their case. */
function checkCategoryName(
  store: SandboxStore,
  name: string,
  parentId: number,
  treeId: number,
  selfId: number | undefined,
  index: number,
  earlier: readonly { name: string }[] = [],
): void {
  const wanted = name.trim().toLowerCase();
  const clash =
    store.categories.some(
      (c) =>
        c.id !== selfId &&
        c.parent_id === parentId &&
        c.tree_id === treeId &&
        c.name.toLowerCase() === wanted,
    ) || earlier.some((e) => e.name.trim().toLowerCase() === wanted);
  if (clash) {
    throw new HttpError(409, 'The category conflicts with another category.', {
      [`${index}.name`]: `A category named "${name}" already exists under this parent.`,
    });
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const errors = Object.fromEntries(
    parsed.error.issues.map((issue) => [issue.path.join('.') || 'body', issue.message]),
  );
  throw new HttpError(422, 'The input was not valid.', errors);
}
