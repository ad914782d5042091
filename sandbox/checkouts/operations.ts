import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { findCoupon, rememberCoupon } from '../carts/coupons.js';
import type { CartRecord, CheckoutAddress, ConsignmentRecord } from '../carts/model.js';
import { priceCart } from '../carts/pricing.js';
import type { CartStore } from '../carts/store.js';
import { cartData } from '../hooks/events.js';
import { HttpError, notFound } from '../http.js';

const text = z.string().max(255).optional();

/** `AddressProperties.phone`'s pattern (its `\\d{1-5}` read as meant: up to five extension digits). */
export const CHECKOUT_PHONE = /^\+?[1-9]\d{1,14}(x\d{1,5})?$/;

/** `AddressProperties`: `email` and `country_code` required; consignments also need state and zip. */
export const addressSchema = z.looseObject({
  first_name: text,
  last_name: text,
  email: z.string().min(1).max(255),
  company: text,
  address1: text,
  address2: text,
  city: text,
  state_or_province: text,
  state_or_province_code: text,
  country_code: z.string().regex(/^[A-Za-z]{2}$/, 'must be an ISO-3166 alpha-2 code'),
  postal_code: text,
  phone: z
    .string()
    .regex(CHECKOUT_PHONE, 'must be digits with an optional + and xNNNNN extension')
    .optional(),
  custom_fields: z
    .array(z.looseObject({ field_id: z.string(), field_value: z.string().optional() }))
    .optional(),
});
export type AddressRequest = z.infer<typeof addressSchema>;

export const consignmentAddressSchema = addressSchema.extend({
  state_or_province: z.string().min(1),
  postal_code: z.string().min(1),
});

export const consignmentItemsSchema = z.array(
  z.looseObject({ item_id: z.string().min(1), quantity: z.number().int().positive() }),
);

let addressIds = 0;

function toAddress(id: string, a: AddressRequest): CheckoutAddress {
  return {
    id,
    first_name: a.first_name ?? '',
    last_name: a.last_name ?? '',
    email: a.email,
    company: a.company ?? '',
    address1: a.address1 ?? '',
    address2: a.address2 ?? '',
    city: a.city ?? '',
    state_or_province: a.state_or_province ?? '',
    state_or_province_code: a.state_or_province_code ?? '',
    country_code: a.country_code.toUpperCase(),
    postal_code: a.postal_code ?? '',
    phone: a.phone ?? '',
    custom_fields: (a.custom_fields ?? []).map((f) => ({
      field_id: f.field_id,
      field_value: f.field_value ?? '',
    })),
  };
}

/**
 * Checkout writes over the cart store: each checks `version` (409 when stale), applies the change
 * and moves the version on, as a change of the cart itself.
 */
export class CheckoutOperations {
  constructor(private readonly carts: CartStore) {}

  setBillingAddress(
    id: string,
    address: AddressRequest,
    version?: number,
    addressId?: string,
  ): CartRecord {
    const cart = this.carts.writable(id, version);
    if (addressId !== undefined && cart.billingAddress?.id !== addressId)
      throw notFound('billing address');
    const kept = cart.billingAddress?.id ?? String(++addressIds);
    return this.carts.touch(cart, () => {
      cart.billingAddress = toAddress(kept, address);
      if (cart.email === '') cart.email = address.email;
    });
  }

  addConsignments(
    id: string,
    requests: { address: AddressRequest; line_items: { item_id: string; quantity: number }[] }[],
    version?: number,
  ): CartRecord {
    const cart = this.carts.writable(id, version);
    const made = requests.map((r, i) => ({
      id: randomBytes(7).toString('hex'),
      address: toAddress(String(++addressIds), r.address),
      lineItemIds: this.itemIds(cart, r.line_items, `${i}.line_items`),
      shippingOptionId: null,
    }));
    return this.carts.touch(cart, () => {
      for (const c of made) this.take(cart, c.lineItemIds);
      cart.consignments.push(...made);
    });
  }

  updateConsignment(
    id: string,
    consignmentId: string,
    change: {
      address?: AddressRequest;
      line_items?: { item_id: string; quantity: number }[];
      shipping_option_id?: string;
    },
    version?: number,
  ): CartRecord {
    const cart = this.carts.writable(id, version);
    const consignment = this.consignment(cart, consignmentId);
    const lineItemIds = change.line_items
      ? this.itemIds(cart, change.line_items, 'line_items')
      : undefined;
    if (change.shipping_option_id !== undefined) {
      const priced = priceCart(cart).consignments.find((c) => c.consignment.id === consignmentId);
      if (!priced?.options.some((o) => o.id === change.shipping_option_id)) {
        throw new HttpError(422, 'The shipping option is not available for this consignment.', {
          shipping_option_id: 'not one of the consignment’s available shipping options',
        });
      }
    }
    return this.carts.touch(cart, () => {
      if (change.address) consignment.address = toAddress(consignment.address.id, change.address);
      if (lineItemIds) {
        this.take(cart, lineItemIds, consignment);
        consignment.lineItemIds = lineItemIds;
      }
      // A new address or new items price shipping anew: the choice must be made again.
      if (change.address || lineItemIds) consignment.shippingOptionId = null;
      if (change.shipping_option_id !== undefined)
        consignment.shippingOptionId = change.shipping_option_id;
    });
  }

  deleteConsignment(id: string, consignmentId: string, version?: number): CartRecord {
    const cart = this.carts.writable(id, version);
    this.consignment(cart, consignmentId);
    return this.carts.touch(cart, () => {
      cart.consignments = cart.consignments.filter((c) => c.id !== consignmentId);
    });
  }

  /** An unknown code is refused with a 400, as the platform refuses it. */
  addCoupon(id: string, code: string, version?: number): CartRecord {
    const cart = this.carts.writable(id, version);
    const coupon = findCoupon(code, this.carts);
    if (!coupon) throw new HttpError(400, 'The coupon code you entered is not valid.');
    if (cart.coupons.includes(coupon.code)) return cart;
    const changed = this.carts.touch(cart, () => {
      rememberCoupon(cart, coupon);
      cart.coupons.push(coupon.code);
    });
    this.carts.emit('store/cart/couponApplied', cartData(cart.id, { couponId: coupon.id }));
    return changed;
  }

  deleteCoupon(id: string, code: string, version?: number): CartRecord {
    const cart = this.carts.writable(id, version);
    const coupon = findCoupon(code, cart);
    if (!coupon || !cart.coupons.includes(coupon.code)) throw notFound('coupon');
    return this.carts.touch(cart, () => {
      cart.coupons = cart.coupons.filter((c) => c !== coupon.code);
    });
  }

  private consignment(cart: CartRecord, consignmentId: string): ConsignmentRecord {
    const found = cart.consignments.find((c) => c.id === consignmentId);
    if (!found) throw notFound('consignment');
    return found;
  }

  /** Every item named must be a physical line of the cart, shipped whole (no split quantities). */
  private itemIds(
    cart: CartRecord,
    items: { item_id: string; quantity: number }[],
    path: string,
  ): string[] {
    return items.map((item, i) => {
      const line = cart.lines.find((l) => l.id === item.item_id);
      if (!line || line.isDigital) {
        throw new HttpError(
          422,
          'A line item of the consignment is not a physical item of the cart.',
          {
            [`${path}.${i}.item_id`]: 'not a physical line item of this cart',
          },
        );
      }
      if (item.quantity !== line.quantity) {
        throw new HttpError(422, 'The sandbox ships a line item whole: give its full quantity.', {
          [`${path}.${i}.quantity`]: `must be ${line.quantity}`,
        });
      }
      return line.id;
    });
  }

  /** Moves items into a consignment: an item ships in one consignment only. */
  private take(cart: CartRecord, ids: readonly string[], into?: ConsignmentRecord): void {
    const taken = new Set(ids);
    for (const c of cart.consignments) {
      if (c !== into) c.lineItemIds = c.lineItemIds.filter((i) => !taken.has(i));
    }
    cart.consignments = cart.consignments.filter((c) => c === into || c.lineItemIds.length > 0);
  }
}
