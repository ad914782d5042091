import { UpstreamInputError, UpstreamNotFoundError } from '../../datasources/errors.js';
import { builder } from '../builder.js';
import { InvalidInputError, NotFoundError } from '../commerce/common-errors.js';
import { ErrorInterface, UserError } from '../errors.js';

/** Another brand, or a sibling category, already has this name (BigCommerce's 409). */
export class DuplicateNameError extends UserError {
  override readonly name = 'DuplicateNameError';
  readonly code = 'DUPLICATE_NAME';
}

builder.objectType(DuplicateNameError, {
  name: 'DuplicateNameError',
  description:
    'Another brand (or another category under the same parent) already has this name; `field` says which.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof DuplicateNameError,
});

/** BigCommerce's brand and category field names, as the taxonomy inputs name them. */
const INPUT_FIELDS: Readonly<Record<string, string>> = {
  name: 'name',
  category_id: 'entityId',
  parent_id: 'parentEntityId',
  tree_id: 'treeEntityId',
  page_title: 'pageTitle',
  meta_description: 'metaDescription',
  search_keywords: 'searchKeywords',
  image_url: 'imageUrl',
  sort_order: 'sortOrder',
  is_visible: 'isVisible',
  description: 'description',
};

/** Ids the upstream says it does not know: told as "no such …", not as a bad input. */
const MISSING: Readonly<Record<string, string>> = {
  category_id: 'There is no such category.',
  parent_id: 'There is no such parent category.',
  tree_id: 'There is no such category tree.',
};

/**
 * An upstream refusal of a brand or category write in the graph's words (its message never
 * reaches the caller): 404 → NotFoundError; 409 on `name` → DuplicateNameError; 422 on an id →
 * NotFoundError naming that field; any other 409/422 → InvalidInputError. Category writes send
 * one-item arrays, so the leading item index of a field path is dropped. Anything else: null.
 */
export function taxonomyRefusal(what: 'brand' | 'category', error: unknown): UserError | null {
  if (error instanceof UpstreamNotFoundError) {
    return new NotFoundError(`There is no such ${what}.`, { field: 'input.entityId' });
  }
  if (!(error instanceof UpstreamInputError)) return null;
  const fields = Object.keys(error.fields).map((f) => f.replace(/^\d+\./, ''));
  if (error.status === 409 && fields.includes('name')) {
    return new DuplicateNameError(
      what === 'brand'
        ? 'Another brand already has this name.'
        : 'Another category under this parent already has this name.',
      { field: 'input.name' },
    );
  }
  const missing = fields.find((f) => MISSING[f] !== undefined);
  if (missing) {
    return new NotFoundError(MISSING[missing] ?? `There is no such ${what}.`, {
      field: `input.${INPUT_FIELDS[missing] ?? missing}`,
    });
  }
  const first = fields[0];
  return new InvalidInputError('BigCommerce refused a field of the input.', {
    field: first === undefined ? 'input' : `input.${INPUT_FIELDS[first] ?? first}`,
  });
}
