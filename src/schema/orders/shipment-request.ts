import type { NewShipment } from '../../datasources/orders.js';
import type { BcOrderProduct } from '../../datasources/schemas/orders.js';
import { InvalidInputError } from '../commerce/common-errors.js';

/** `shipping_provider_standard` of `orders.v2.oas2.yml`: carriers BigCommerce integrates. */
const STANDARD_PROVIDERS: ReadonlySet<string> = new Set([
  'auspost',
  'canadapost',
  'endicia',
  'usps',
  'fedex',
  'ups',
  'upsready',
  'upsonline',
  'shipperhq',
  'royalmail',
]);

export interface ShipmentInput {
  trackingNumber: string;
  carrier: string;
  items: readonly { orderLineItemEntityId: number; quantity: number }[];
}

/**
 * The `orderShipment_Post` body for a parcel: a standard carrier goes in `shipping_provider`, any
 * other in `tracking_carrier`. Every item must be a line of the order with that much left to ship,
 * and all must go to one shipping address (one parcel, one `order_address_id`).
 */
export function toNewShipment(input: ShipmentInput, lines: readonly BcOrderProduct[]): NewShipment {
  const addressIds = new Set<number>();
  const items = input.items.map((item, i) => {
    const line = lines.find((l) => l.id === item.orderLineItemEntityId);
    if (!line) {
      throw new InvalidInputError('This line is not a line of the order.', {
        field: `input.items.${i}.orderLineItemEntityId`,
      });
    }
    if (item.quantity > line.quantity - (line.quantity_shipped ?? 0)) {
      throw new InvalidInputError('More than is left to ship of this line.', {
        field: `input.items.${i}.quantity`,
      });
    }
    if (line.order_address_id !== undefined) addressIds.add(line.order_address_id);
    return { order_product_id: line.id, quantity: item.quantity };
  });
  const [addressId, ...others] = addressIds;
  if (addressId === undefined || others.length > 0) {
    throw new InvalidInputError('A shipment goes to one shipping address.', {
      field: 'input.items',
    });
  }
  const carrier = input.carrier.trim().toLowerCase();
  const standard = STANDARD_PROVIDERS.has(carrier);
  return {
    order_address_id: addressId,
    tracking_number: input.trackingNumber.trim(),
    shipping_provider: standard ? carrier : '',
    tracking_carrier: standard ? '' : carrier,
    items,
  };
}
