import { randomUUID } from 'node:crypto';
import type { HookEventData } from '../hooks/callback.js';
import { cartData, lineItemData } from '../hooks/events.js';
import { HttpError, notFound } from '../http.js';
import type { SandboxStore } from '../store.js';
import {
  checkQuantities,
  type LineItemRequest,
  type ProspectiveLine,
  resolveLine,
} from './line-items.js';
import type { CartLine, CartRecord } from './model.js';

/** BigCommerce's answer to a stale `version` (`CartConflictErrorResponse`). */
export const CONFLICT_TITLE =
  'The request cannot be processed due to a possible conflict. Please review the changes and try again.';

/**
 * Carts and their checkouts (a checkout's id is its cart's), mutable in process. Every change
 * calls back the cart hooks: `store/cart/updated` on each change of the cart's version (a superset
 * of the documented triggers, item and email changes), the `lineItem/*` scopes per line, and
 * `created`, `deleted` and `converted` around its life.
 */
export class CartStore {
  private readonly carts = new Map<string, CartRecord>();

  constructor(private readonly catalog: SandboxStore) {}

  /** The cart, or a 404 as `GET /v3/carts/{cartId}` answers. */
  get(id: string): CartRecord {
    const cart = this.carts.get(id);
    if (!cart) throw notFound('cart');
    return cart;
  }

  find(id: string): CartRecord | undefined {
    return this.carts.get(id);
  }

  /** `POST /v3/carts`: the items are checked as one change of an empty cart. */
  create(input: { customerId: number; channelId: number; items: LineItemRequest[] }): CartRecord {
    if (
      input.customerId !== 0 &&
      !this.catalog.customers.customers.some((c) => c.id === input.customerId)
    ) {
      throw new HttpError(422, `Customer ${input.customerId} does not exist.`, {
        customer_id: 'No customer has this id.',
      });
    }
    const now = Date.now();
    const cart: CartRecord = {
      id: randomUUID(),
      customerId: input.customerId,
      channelId: input.channelId,
      email: this.emailOf(input.customerId),
      currencyCode: 'USD',
      locale: 'en',
      lines: [],
      createdMs: now,
      updatedMs: now,
      version: 1,
      billingAddress: null,
      consignments: [],
      coupons: [],
      customerMessage: '',
    };
    cart.lines = this.merged(cart, input.items);
    this.carts.set(cart.id, cart);
    // "Cart creation also fires the `store/cart/updated` webhook."
    this.emit('store/cart/created', cartData(cart.id));
    for (const line of cart.lines) this.emitLine('created', cart.id, line.id);
    this.emit('store/cart/updated', cartData(cart.id));
    return cart;
  }

  /** `POST /v3/carts/{cartId}/items`: identical items merge into their existing line. */
  addItems(id: string, items: LineItemRequest[], version?: number): CartRecord {
    const cart = this.writable(id, version);
    const lines = this.merged(cart, items);
    const before = new Map(cart.lines.map((l) => [l.id, l.quantity]));
    for (const line of lines) {
      const quantity = before.get(line.id);
      if (quantity === undefined) this.emitLine('created', id, line.id);
      else if (quantity !== line.quantity) this.emitLine('updated', id, line.id);
    }
    return this.touch(cart, () => {
      cart.lines = lines;
    });
  }

  /** `PUT /v3/carts/{cartId}/items/{itemId}`: a new quantity (and the line re-priced). */
  updateItem(id: string, itemId: string, item: LineItemRequest, version?: number): CartRecord {
    const cart = this.writable(id, version);
    const index = cart.lines.findIndex((l) => l.id === itemId);
    const current = cart.lines[index];
    if (!current) throw notFound('line item');
    const resolved = resolveLine(
      this.catalog,
      { ...item, variant_id: item.variant_id ?? current.variantId },
      'line_item',
    );
    if (resolved.productId !== current.productId || resolved.variantId !== current.variantId) {
      throw new HttpError(
        422,
        'A line item’s product or variant cannot be changed: remove it and add the new one.',
        {
          'line_item.variant_id': 'must be the line item’s own variant',
        },
      );
    }
    const prospective = cart.lines.map(
      (l, i): ProspectiveLine => ({
        productId: l.productId,
        variantId: l.variantId,
        quantity: i === index ? item.quantity : l.quantity,
        field: i === index ? 'line_item.quantity' : undefined,
      }),
    );
    checkQuantities(this.catalog, prospective);
    this.emitLine('updated', id, itemId);
    return this.touch(cart, () => {
      cart.lines[index] = { ...current, ...resolved, quantity: item.quantity };
    });
  }

  /** `DELETE /v3/carts/{cartId}/items/{itemId}`: null when that was the last item (cart deleted). */
  deleteItem(id: string, itemId: string, version?: number): CartRecord | null {
    const cart = this.writable(id, version);
    if (!cart.lines.some((l) => l.id === itemId)) throw notFound('line item');
    this.emitLine('deleted', id, itemId);
    if (cart.lines.length === 1) {
      // "The `store/cart/updated` webhook also fires when the last item is removed."
      this.carts.delete(id);
      this.emit('store/cart/updated', cartData(id));
      this.emit('store/cart/deleted', cartData(id));
      return null;
    }
    return this.touch(cart, () => {
      cart.lines = cart.lines.filter((l) => l.id !== itemId);
    });
  }

  /** `PUT /v3/carts/{cartId}`: assigns the cart to a customer (0 makes it a guest cart again). */
  assignCustomer(id: string, customerId: number, version?: number): CartRecord {
    const cart = this.writable(id, version);
    if (customerId !== 0 && !this.catalog.customers.customers.some((c) => c.id === customerId)) {
      throw new HttpError(422, `Customer ${customerId} does not exist.`, {
        customer_id: 'No customer has this id.',
      });
    }
    return this.touch(cart, () => {
      cart.customerId = customerId;
      cart.email = this.emailOf(customerId) || cart.email;
    });
  }

  delete(id: string): void {
    this.get(id);
    this.carts.delete(id);
    this.emit('store/cart/deleted', cartData(id));
  }

  /** The cart became order `orderId`: it is gone, with `store/cart/converted` (not `deleted`). */
  convert(id: string, orderId: number): void {
    this.get(id);
    this.carts.delete(id);
    this.emit('store/cart/converted', cartData(id, { orderId }));
  }

  /** Calls back the hooks of `scope` (checkout writes use it too: `store/cart/couponApplied`). */
  emit(scope: string, data: HookEventData): void {
    this.catalog.hooks.emit(scope, data);
  }

  /** The cart for a change: a 404 when missing, a 409 when `version` is given and stale. */
  writable(id: string, version: number | undefined): CartRecord {
    const cart = this.get(id);
    if (version !== undefined && version !== cart.version) throw new HttpError(409, CONFLICT_TITLE);
    return cart;
  }

  /** Applies a change and records it: the version moves on and stale consignment lines drop. */
  touch(cart: CartRecord, change: () => void): CartRecord {
    change();
    const ids = new Set(cart.lines.map((l) => l.id));
    for (const c of cart.consignments) c.lineItemIds = c.lineItemIds.filter((i) => ids.has(i));
    cart.consignments = cart.consignments.filter((c) => c.lineItemIds.length > 0);
    cart.updatedMs = Math.max(Date.now(), cart.updatedMs + 1);
    cart.version++;
    this.emit('store/cart/updated', cartData(cart.id));
    return cart;
  }

  /** The lines after adding `items`, every touched product checked for stock and limits. */
  private merged(cart: CartRecord, items: LineItemRequest[]): CartLine[] {
    const lines = cart.lines.map((l) => ({ ...l }));
    const fields = new Map<CartLine, string>();
    items.forEach((item, i) => {
      const path = `line_items.${i}`;
      const resolved = resolveLine(this.catalog, item, path);
      const same = lines.find(
        (l) => l.productId === resolved.productId && l.variantId === resolved.variantId,
      );
      if (same) {
        same.quantity += item.quantity;
        fields.set(same, `${path}.quantity`);
      } else {
        const line: CartLine = { id: randomUUID(), quantity: item.quantity, ...resolved };
        lines.push(line);
        fields.set(line, `${path}.quantity`);
      }
    });
    checkQuantities(
      this.catalog,
      lines.map((l) => ({
        productId: l.productId,
        variantId: l.variantId,
        quantity: l.quantity,
        field: fields.get(l),
      })),
    );
    return lines;
  }

  private emitLine(
    change: 'created' | 'updated' | 'deleted',
    cartId: string,
    itemId: string,
  ): void {
    this.emit(`store/cart/lineItem/${change}`, lineItemData(cartId, itemId));
  }

  private emailOf(customerId: number): string {
    return this.catalog.customers.customers.find((c) => c.id === customerId)?.email ?? '';
  }
}
