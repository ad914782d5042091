import { UpstreamInputError, UpstreamNotFoundError } from '../../datasources/errors.js';
import { builder } from '../builder.js';
import { InvalidInputError, NotFoundError } from '../commerce/common-errors.js';
import { ErrorInterface, UserError } from '../errors.js';

/** Another product already has this name or SKU (BigCommerce's 409). */
export class DuplicateProductError extends UserError {
  override readonly name = 'DuplicateProductError';
  readonly code = 'DUPLICATE_PRODUCT';
}

builder.objectType(DuplicateProductError, {
  name: 'DuplicateProductError',
  description: 'Another product already has this name or SKU; `field` says which.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof DuplicateProductError,
});

/** BigCommerce's field names, as the catalog-admin inputs name them. */
const INPUT_FIELDS: Readonly<Record<string, string>> = {
  name: 'name',
  sku: 'sku',
  type: 'type',
  price: 'price',
  sale_price: 'salePrice',
  weight: 'weight',
  is_visible: 'isVisible',
  categories: 'categoryEntityIds',
  brand_id: 'brandEntityId',
  inventory_level: 'inventoryLevel',
  purchasing_disabled: 'purchasingDisabled',
};

/**
 * An upstream field path in the input's words (`variants.0.sku`, `brand_id` → `brandEntityId`);
 * `prefix` is where the input sits. A batch's leading item index is the chunk's, not the input's:
 * it is dropped, the caller's prefix already names the item.
 */
function inputField(prefix: string, upstream: string): string {
  const parts = upstream
    .split('.')
    .filter((part, index) => index > 0 || !/^\d+$/.test(part))
    .map((part) => INPUT_FIELDS[part] ?? part);
  return `${prefix}.${parts.join('.')}`;
}

/**
 * An upstream refusal of a catalog write in the graph's words (the upstream message never
 * reaches the caller): 404 → NotFoundError; 409 on a name or SKU → DuplicateProductError; 409 on
 * a category or brand → NotFoundError naming that field; 422 → InvalidInputError with the field.
 * Anything else is not a refusal: null, and it goes on up.
 */
export function catalogRefusal(error: unknown, prefix = 'input'): UserError | null {
  if (error instanceof UpstreamNotFoundError) {
    return new NotFoundError('There is no such product or variant.', {
      field: `${prefix}.entityId`,
    });
  }
  if (!(error instanceof UpstreamInputError)) return null;
  const fields = Object.keys(error.fields);
  const first = fields[0];
  if (error.status === 409) {
    const duplicate = fields.find((f) => /(^|\.)name$/.test(f) || /(^|\.)sku$/.test(f));
    if (duplicate) {
      const what = duplicate.endsWith('name') ? 'name' : 'SKU';
      return new DuplicateProductError(`Another product already has this ${what}.`, {
        field: inputField(prefix, duplicate),
      });
    }
    const missing = fields.find((f) => /(^|\.)(categories|brand_id)$/.test(f));
    if (missing) {
      const what = missing.endsWith('brand_id') ? 'brand' : 'category';
      return new NotFoundError(`There is no such ${what}.`, { field: inputField(prefix, missing) });
    }
  }
  return new InvalidInputError('BigCommerce refused a field of the input.', {
    field: first === undefined ? prefix : inputField(prefix, first),
  });
}
