import { UpstreamInputError, UpstreamNotFoundError } from '../../datasources/errors.js';
import type { UserError } from '../errors.js';
import { CartChangedError, OutOfStockError, QuantityLimitError } from './commerce-errors.js';
import { InvalidInputError, NotFoundError } from './common-errors.js';

/** BigCommerce's request fields of a line item, by the graph's input names. */
const LINE_FIELDS: Record<string, string> = {
  quantity: 'quantity',
  product_id: 'productEntityId',
  variant_id: 'variantEntityId',
};

/**
 * The input field an upstream `errors` key is about: `line_items.2.quantity` is
 * `input.lineItems.2.quantity`; `line_item.quantity` (an update) is `input.quantity`.
 */
export function lineItemField(key: string): string {
  const many = /^line_items\.(\d+)(?:\.(\w+))?/.exec(key);
  if (many) {
    const leaf = many[2] ? LINE_FIELDS[many[2]] : undefined;
    return leaf ? `input.lineItems.${many[1]}.${leaf}` : `input.lineItems.${many[1]}`;
  }
  const one = /^line_item\.(\w+)/.exec(key);
  if (one?.[1] === 'quantity') return 'input.quantity';
  return 'input';
}

/**
 * A cart write BigCommerce refused, as the typed error a shopper can act on: a 409 is a changed
 * cart; a 422 names the field, and its message says whether stock or a quantity limit is at fault
 * (the platform's words are read here, never passed on). Anything else is not ours to type: null.
 */
export function cartWriteRefusal(error: unknown): UserError | null {
  if (error instanceof UpstreamNotFoundError)
    return new NotFoundError('The cart does not exist.', { field: 'input.cartId' });
  if (!(error instanceof UpstreamInputError)) return null;
  if (error.status === 409) return new CartChangedError();
  const [key, message = ''] = Object.entries(error.fields)[0] ?? [];
  const field = key ? lineItemField(key) : 'input';
  if (/stock/i.test(message)) {
    return new OutOfStockError('Not enough of this item is in stock for that quantity.', { field });
  }
  if (/minimum|maximum/i.test(message)) {
    return new QuantityLimitError('This product may not be bought in that quantity per order.', {
      field,
    });
  }
  return new InvalidInputError('BigCommerce refused this item.', { field });
}
