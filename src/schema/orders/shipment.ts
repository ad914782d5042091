import type { BcShipment, BcShipmentItem } from '../../datasources/schemas/orders.js';
import { builder } from '../builder.js';
import { isoFromRfc2822 } from './order-values.js';
import { trackingLinkFor } from './tracking-link.js';

export const ShipmentRef = builder.objectRef<BcShipment>('Shipment');
const ShipmentLineItemRef = builder.objectRef<BcShipmentItem>('ShipmentLineItem');

/** The carrier as the graph names it: the standard provider, else the tracking carrier. */
export const carrierOf = (s: BcShipment): string => s.shipping_provider || s.tracking_carrier;

ShipmentLineItemRef.implement({
  description: 'How many of one order line went into a shipment.',
  fields: (t) => ({
    orderLineItemEntityId: t.exposeInt('order_product_id', {
      description: 'BigCommerce id of the order line (`OrderLineItem.entityId`).',
    }),
    productEntityId: t.int({
      nullable: true,
      description: 'BigCommerce product id, when BigCommerce reports it.',
      resolve: (i) => i.product_id ?? null,
    }),
    quantity: t.exposeInt('quantity', { description: 'How many were shipped.' }),
  }),
});

ShipmentRef.implement({
  description: 'A parcel sent for an order, with its carrier and tracking number.',
  fields: (t) => ({
    entityId: t.exposeInt('id', { description: 'BigCommerce shipment id.' }),
    carrier: t.string({
      description: 'The carrier (`ups`, `usps`, `fedex`...), or empty when none was named.',
      resolve: carrierOf,
    }),
    trackingNumber: t.exposeString('tracking_number', { description: 'The tracking number.' }),
    trackingLink: t.string({
      nullable: true,
      description:
        'A page where the parcel can be followed: the merchant’s own link, BigCommerce’s, or the known carrier’s; null when there is none.',
      resolve: (s) =>
        s.tracking_link ||
        s.generated_tracking_link ||
        trackingLinkFor(carrierOf(s), s.tracking_number),
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When the shipment was created.',
      resolve: (s) => isoFromRfc2822(s.date_created),
    }),
    lineItems: t.field({
      type: [ShipmentLineItemRef],
      description: 'The order lines in this parcel.',
      resolve: (s) => s.items,
    }),
  }),
});
