import { z } from 'zod';
import type { Context } from '../../context.js';
import type { BrandChanges, CategoryChanges } from '../../datasources/catalog-writes.js';
import {
  fingerprintInput,
  type IdempotentResult,
  idempotencyOwner,
} from '../../idempotency/idempotency.js';
import { builder } from '../builder.js';
import { BrandRef, CategoryRef } from '../catalog/refs.js';
import { InvalidInputError, NotFoundError } from '../commerce/common-errors.js';
import { audited } from '../commerce/write-guard.js';
import { UPSTREAM_CALL } from '../query-cost.js';
import { CATALOG_WRITE } from './product-mutations.js';
import { DuplicateNameError, taxonomyRefusal } from './taxonomy-errors.js';

const entityId = z.number().int().positive('must be a positive entity id');
const brandName = z.string().trim().min(1, 'is required').max(255);
// "50 characters category name length." (category-trees_catalog.v3.yml)
const categoryName = z.string().trim().min(1, 'is required').max(50);
const text = (max: number) => z.string().max(max).nullish();
const keySchema = z.string().min(8, 'must be at least 8 characters').max(128).nullish();

const BrandFields = {
  pageTitle: { description: 'SEO page title.', validate: text(255) },
  metaDescription: { description: 'SEO meta description.', validate: text(65_535) },
  searchKeywords: { description: 'Comma-separated search keywords.', validate: text(65_535) },
  imageUrl: { description: 'A public URL of the logo.', validate: z.url().max(2048).nullish() },
} as const;

const CreateBrandInput = builder.inputType('CreateBrandInput', {
  description: 'A new brand.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unique in the store.', validate: brandName }),
    pageTitle: t.string({ required: false, ...BrandFields.pageTitle }),
    metaDescription: t.string({ required: false, ...BrandFields.metaDescription }),
    searchKeywords: t.string({ required: false, ...BrandFields.searchKeywords }),
    imageUrl: t.string({ required: false, ...BrandFields.imageUrl }),
    idempotencyKey: t.string({
      required: false,
      description: 'A retry with the same key returns the first call’s brand instead of another.',
      validate: keySchema,
    }),
  }),
});

const UpdateBrandInput = builder.inputType('UpdateBrandInput', {
  description: 'The brand and the fields to change; fields left out stay as they are.',
  fields: (t) => ({
    entityId: t.int({ required: true, description: 'BigCommerce brand id.', validate: entityId }),
    name: t.string({
      required: false,
      description: 'Unique in the store.',
      validate: brandName.nullish(),
    }),
    pageTitle: t.string({ required: false, ...BrandFields.pageTitle }),
    metaDescription: t.string({ required: false, ...BrandFields.metaDescription }),
    searchKeywords: t.string({ required: false, ...BrandFields.searchKeywords }),
    imageUrl: t.string({ required: false, ...BrandFields.imageUrl }),
  }),
});

const CategoryFields = {
  description: { description: 'Description (HTML).', validate: text(65_535) },
  sortOrder: {
    description: 'Position among its siblings; lower comes first.',
    validate: z.number().int().min(-2_147_483_648).max(2_147_483_647).nullish(),
  },
  pageTitle: { description: 'SEO page title.', validate: text(255) },
  isVisible: { description: 'Whether shoppers see it.' },
} as const;

const CreateCategoryInput = builder.inputType('CreateCategoryInput', {
  description: 'A new category, under a parent or at the top of a tree.',
  fields: (t) => ({
    name: t.string({
      required: true,
      description: 'Unique among its siblings.',
      validate: categoryName,
    }),
    parentEntityId: t.int({
      required: false,
      description: 'The parent category; left out, the category is a top-level one.',
      validate: entityId.nullish(),
    }),
    treeEntityId: t.int({
      required: false,
      description:
        'The tree of a top-level category (a child goes in its parent’s). @default 1 (the default channel’s tree)',
      validate: entityId.nullish(),
    }),
    description: t.string({ required: false, ...CategoryFields.description }),
    sortOrder: t.int({ required: false, ...CategoryFields.sortOrder }),
    pageTitle: t.string({ required: false, ...CategoryFields.pageTitle }),
    isVisible: t.boolean({ required: false, ...CategoryFields.isVisible }),
    idempotencyKey: t.string({
      required: false,
      description: 'A retry with the same key returns the first call’s category, not another.',
      validate: keySchema,
    }),
  }),
});

const UpdateCategoryInput = builder.inputType('UpdateCategoryInput', {
  description: 'The category and the fields to change; fields left out stay as they are.',
  fields: (t) => ({
    entityId: t.int({
      required: true,
      description: 'BigCommerce category id.',
      validate: entityId,
    }),
    name: t.string({
      required: false,
      description: 'Unique among its siblings.',
      validate: categoryName.nullish(),
    }),
    parentEntityId: t.int({
      required: false,
      description: 'Moves it below this category (with everything below it).',
      validate: entityId.nullish(),
    }),
    description: t.string({ required: false, ...CategoryFields.description }),
    sortOrder: t.int({ required: false, ...CategoryFields.sortOrder }),
    pageTitle: t.string({ required: false, ...CategoryFields.pageTitle }),
    isVisible: t.boolean({ required: false, ...CategoryFields.isVisible }),
  }),
});

const deleteInput = (name: string, what: string) =>
  builder.inputType(name, {
    description: `The ${what} to delete.`,
    fields: (t) => ({
      entityId: t.int({
        required: true,
        description: `BigCommerce ${what} id.`,
        validate: entityId,
      }),
    }),
  });

interface BrandInputFields {
  name?: string | null;
  pageTitle?: string | null;
  metaDescription?: string | null;
  searchKeywords?: string | null;
  imageUrl?: string | null;
}

/** The input's fields in BigCommerce's names; absent (or null) ones are not sent. */
function toBrandChanges(input: BrandInputFields): BrandChanges {
  return {
    ...(input.name != null && { name: input.name }),
    ...(input.pageTitle != null && { page_title: input.pageTitle }),
    ...(input.metaDescription != null && { meta_description: input.metaDescription }),
    ...(input.searchKeywords != null && { search_keywords: input.searchKeywords }),
    ...(input.imageUrl != null && { image_url: input.imageUrl }),
  };
}

interface CategoryInputFields {
  name?: string | null;
  parentEntityId?: number | null;
  description?: string | null;
  sortOrder?: number | null;
  pageTitle?: string | null;
  isVisible?: boolean | null;
}

function toCategoryChanges(input: CategoryInputFields): CategoryChanges {
  return {
    ...(input.name != null && { name: input.name }),
    ...(input.parentEntityId != null && { parent_id: input.parentEntityId }),
    ...(input.description != null && { description: input.description }),
    ...(input.sortOrder != null && { sort_order: input.sortOrder }),
    ...(input.pageTitle != null && { page_title: input.pageTitle }),
    ...(input.isVisible != null && { is_visible: input.isVisible }),
  };
}

const brandPayload = (name: string) =>
  builder.objectRef<{ brandId: number }>(name).implement({
    description: `The outcome of \`${name.replace(/Payload$/, '').replace(/^./, (c) => c.toLowerCase())}\`.`,
    fields: (t) => ({
      brand: t.field({
        type: BrandRef,
        nullable: true,
        description: 'The brand as it now is.',
        complexity: UPSTREAM_CALL,
        resolve: (p, _args, ctx) => ctx.loaders.brandById.clear(p.brandId).load(p.brandId),
      }),
    }),
  });

const categoryPayload = (name: string) =>
  builder.objectRef<{ categoryId: number }>(name).implement({
    description: `The outcome of \`${name.replace(/Payload$/, '').replace(/^./, (c) => c.toLowerCase())}\`.`,
    fields: (t) => ({
      category: t.field({
        type: CategoryRef,
        nullable: true,
        description: 'The category as it now is.',
        complexity: UPSTREAM_CALL,
        resolve: (p, _args, ctx) => ctx.loaders.categoryById.clear(p.categoryId).load(p.categoryId),
      }),
    }),
  });

const deletedPayload = (name: string, field: string, what: string) =>
  builder.objectRef<{ id: number }>(name).implement({
    description: `The outcome of deleting a ${what}.`,
    fields: (t) => ({
      [field]: t.int({ description: `The id of the ${what} deleted.`, resolve: (p) => p.id }),
    }),
  });

/**
 * The tree a new category goes in: its parent's (an unknown parent is told before anything is
 * sent), or the one asked for a top-level category, the default channel's (1) otherwise.
 */
async function treeOf(
  ctx: Context,
  parentId: number | null | undefined,
  treeId: number | null | undefined,
): Promise<number> {
  if (parentId == null) return treeId ?? 1;
  const parent = await ctx.loaders.categoryById.load(parentId);
  if (!parent) {
    throw new NotFoundError('There is no such parent category.', {
      field: 'input.parentEntityId',
    });
  }
  return parent.tree_id ?? 1;
}

/** A create run once per idempotency key (when the caller gives one). */
const idempotent = <T extends IdempotentResult>(
  operation: string,
  key: string | null | undefined,
  input: unknown,
  ctx: Context,
  create: () => Promise<T>,
): Promise<T> =>
  key
    ? ctx.idempotency.run(
        {
          operation,
          owner: idempotencyOwner(ctx.viewer),
          key,
          fingerprint: fingerprintInput(input),
        },
        create,
      )
    : create();

builder.mutationField('createBrand', (t) =>
  t.field({
    type: brandPayload('CreateBrandPayload'),
    description: 'Adds a brand (keys with `catalog:write`).',
    authScopes: CATALOG_WRITE,
    args: { input: t.arg({ type: CreateBrandInput, required: true, description: 'The brand.' }) },
    errors: {
      types: [DuplicateNameError, InvalidInputError],
      directResult: true,
      union: { name: 'CreateBrandResult', description: 'The new brand, or why there is none.' },
    },
    complexity: 2 * UPSTREAM_CALL,
    resolve: (_root, { input }, ctx) =>
      audited(
        ctx,
        'createBrand',
        {},
        () =>
          idempotent('createBrand', input.idempotencyKey, input, ctx, async () => {
            const brand = await ctx.catalogWrites.createBrand({
              ...toBrandChanges(input),
              name: input.name,
            });
            await ctx.invalidator.entityChanged('brand', brand.id);
            return { brandId: brand.id };
          }),
        (error) => taxonomyRefusal('brand', error),
        (result) => ({ brandId: result.brandId }),
      ),
  }),
);

builder.mutationField('updateBrand', (t) =>
  t.field({
    type: brandPayload('UpdateBrandPayload'),
    description: 'Changes the fields given of a brand (keys with `catalog:write`).',
    authScopes: CATALOG_WRITE,
    args: {
      input: t.arg({ type: UpdateBrandInput, required: true, description: 'What to change.' }),
    },
    errors: {
      types: [DuplicateNameError, NotFoundError, InvalidInputError],
      directResult: true,
      union: { name: 'UpdateBrandResult', description: 'The brand, or why it was not changed.' },
    },
    complexity: 2 * UPSTREAM_CALL,
    resolve: (_root, { input }, ctx) =>
      audited(
        ctx,
        'updateBrand',
        { brandId: input.entityId },
        async () => {
          await ctx.catalogWrites.updateBrand(input.entityId, toBrandChanges(input));
          await ctx.invalidator.entityChanged('brand', input.entityId);
          return { brandId: input.entityId };
        },
        (error) => taxonomyRefusal('brand', error),
      ),
  }),
);

builder.mutationField('deleteBrand', (t) =>
  t.field({
    type: deletedPayload('DeleteBrandPayload', 'deletedBrandEntityId', 'brand'),
    description: 'Deletes a brand; its products keep no brand (keys with `catalog:write`).',
    authScopes: CATALOG_WRITE,
    args: {
      input: t.arg({
        type: deleteInput('DeleteBrandInput', 'brand'),
        required: true,
        description: 'Which brand.',
      }),
    },
    errors: {
      types: [NotFoundError],
      directResult: true,
      union: { name: 'DeleteBrandResult', description: 'The deleted id, or why none was.' },
    },
    complexity: 2 * UPSTREAM_CALL,
    resolve: (_root, { input }, ctx) =>
      audited(
        ctx,
        'deleteBrand',
        { brandId: input.entityId },
        async () => {
          // BigCommerce answers 204 for an unknown id too: ask first, so "no such brand" is told.
          if (!(await ctx.loaders.brandById.load(input.entityId))) {
            throw new NotFoundError('There is no such brand.', { field: 'input.entityId' });
          }
          await ctx.catalogWrites.deleteBrand(input.entityId);
          await ctx.invalidator.entityChanged('brand', input.entityId);
          return { id: input.entityId };
        },
        (error) => taxonomyRefusal('brand', error),
      ),
  }),
);

builder.mutationField('createCategory', (t) =>
  t.field({
    type: categoryPayload('CreateCategoryPayload'),
    description: 'Adds a category (keys with `catalog:write`).',
    authScopes: CATALOG_WRITE,
    args: {
      input: t.arg({ type: CreateCategoryInput, required: true, description: 'The category.' }),
    },
    errors: {
      types: [DuplicateNameError, NotFoundError, InvalidInputError],
      directResult: true,
      union: {
        name: 'CreateCategoryResult',
        description: 'The new category, or why there is none.',
      },
    },
    complexity: 2 * UPSTREAM_CALL,
    resolve: (_root, { input }, ctx) =>
      audited(
        ctx,
        'createCategory',
        { parentId: input.parentEntityId ?? 0 },
        () =>
          idempotent('createCategory', input.idempotencyKey, input, ctx, async () => {
            const category = await ctx.catalogWrites.createCategory({
              ...toCategoryChanges(input),
              name: input.name,
              parent_id: input.parentEntityId ?? 0,
              tree_id: await treeOf(ctx, input.parentEntityId, input.treeEntityId),
            });
            await ctx.invalidator.entityChanged('category', category.category_id);
            return { categoryId: category.category_id };
          }),
        (error) => taxonomyRefusal('category', error),
        (result) => ({ categoryId: result.categoryId }),
      ),
  }),
);

builder.mutationField('updateCategory', (t) =>
  t.field({
    type: categoryPayload('UpdateCategoryPayload'),
    description: 'Changes the fields given of a category, or moves it (keys with `catalog:write`).',
    authScopes: CATALOG_WRITE,
    args: {
      input: t.arg({ type: UpdateCategoryInput, required: true, description: 'What to change.' }),
    },
    errors: {
      types: [DuplicateNameError, NotFoundError, InvalidInputError],
      directResult: true,
      union: {
        name: 'UpdateCategoryResult',
        description: 'The category, or why it was not changed.',
      },
    },
    complexity: 2 * UPSTREAM_CALL,
    resolve: (_root, { input }, ctx) =>
      audited(
        ctx,
        'updateCategory',
        { categoryId: input.entityId },
        async () => {
          await ctx.catalogWrites.updateCategory(input.entityId, toCategoryChanges(input));
          await ctx.invalidator.entityChanged('category', input.entityId);
          return { categoryId: input.entityId };
        },
        (error) => taxonomyRefusal('category', error),
      ),
  }),
);

builder.mutationField('deleteCategory', (t) =>
  t.field({
    type: deletedPayload('DeleteCategoryPayload', 'deletedCategoryEntityId', 'category'),
    description: 'Deletes a category with the categories below it (keys with `catalog:write`).',
    authScopes: CATALOG_WRITE,
    args: {
      input: t.arg({
        type: deleteInput('DeleteCategoryInput', 'category'),
        required: true,
        description: 'Which category.',
      }),
    },
    errors: {
      types: [NotFoundError],
      directResult: true,
      union: { name: 'DeleteCategoryResult', description: 'The deleted id, or why none was.' },
    },
    complexity: 2 * UPSTREAM_CALL,
    resolve: (_root, { input }, ctx) =>
      audited(
        ctx,
        'deleteCategory',
        { categoryId: input.entityId },
        async () => {
          // The delete answers 202 whatever it matched: ask first, so "no such category" is told.
          if (!(await ctx.loaders.categoryById.load(input.entityId))) {
            throw new NotFoundError('There is no such category.', { field: 'input.entityId' });
          }
          await ctx.catalogWrites.deleteCategories([input.entityId]);
          await ctx.invalidator.entityChanged('category', input.entityId);
          return { id: input.entityId };
        },
        (error) => taxonomyRefusal('category', error),
      ),
  }),
);
