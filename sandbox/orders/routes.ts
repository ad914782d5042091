import { z } from 'zod';
import { readJsonBody } from '../http.js';
import type { Router } from '../router.js';
import type { SandboxStore } from '../store.js';
import { orderFilter, sortOrders, v2Page } from './filters.js';
import { ORDER_STATUSES } from './model.js';
import { OrderRefusal } from './store.js';
import { pathId, V2Error, v2Answer, v2List, v2NotFound } from './v2.js';
import { toOrderProductView, toOrderView, toShipmentView, toShippingAddressView } from './view.js';

/** `order_Put`: the sandbox changes the status only; other fields are accepted and left alone. */
const statusUpdateSchema = z.looseObject({
  status_id: z
    .number()
    .int()
    .refine((id) => id in ORDER_STATUSES)
    .optional(),
});

/** `orderShipment_Post`. */
const shipmentSchema = z.object({
  order_address_id: z.number().int(),
  tracking_number: z.string().max(50).default(''),
  tracking_link: z.string().max(500).default(''),
  shipping_method: z.string().default(''),
  shipping_provider: z.string().default(''),
  tracking_carrier: z.string().default(''),
  comments: z.string().max(65535).default(''),
  merchant_shipping_cost: z.string().optional(),
  items: z.array(z.object({ order_product_id: z.number().int(), quantity: z.number().int() })),
});

async function parseBody<T>(req: Parameters<typeof readJsonBody>[0], schema: z.ZodType<T>) {
  const parsed = schema.safeParse(await readJsonBody(req).catch(() => undefined));
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || 'body'))];
    throw new V2Error(400, `The field(s) ${fields.join(', ')} are missing or invalid.`);
  }
  return parsed.data;
}

/** `orders.v2.oas2.yml`: orders, products, shipping addresses, shipments, status updates. */
export function registerOrderRoutes(router: Router, store: SandboxStore): void {
  const orderOf = (raw: string | undefined) => {
    const order = store.orders.get(pathId(raw));
    if (!order) throw v2NotFound();
    return order;
  };

  router.get('/v2/orders', ({ query }) =>
    v2Answer(() => {
      const { page, limit } = v2Page(query);
      const found = sortOrders(store.orders.all().filter(orderFilter(query)), query);
      return v2List(found.slice((page - 1) * limit, page * limit).map(toOrderView));
    }),
  );

  router.get('/v2/orders/count', ({ query }) =>
    v2Answer(() => {
      const found = store.orders.all().filter(orderFilter(query));
      const statuses = Object.entries(ORDER_STATUSES).map(([id, name], i) => ({
        id: Number(id),
        name,
        system_label: name,
        custom_label: name,
        system_description: name,
        count: found.filter((o) => o.statusId === Number(id)).length,
        sort_order: i,
      }));
      return { body: { statuses, count: found.length } };
    }),
  );

  router.get('/v2/orders/{order_id}', ({ params }) =>
    v2Answer(() => ({ body: toOrderView(orderOf(params.order_id)) })),
  );

  router.add('PUT', '/v2/orders/{order_id}', ({ req, params }) =>
    v2Answer(async () => {
      const order = orderOf(params.order_id);
      const update = await parseBody(req, statusUpdateSchema);
      if (update.status_id !== undefined) store.orders.updateStatus(order.id, update.status_id);
      return { body: toOrderView(order) };
    }),
  );

  router.get('/v2/orders/{order_id}/products', ({ params, query }) =>
    v2Answer(() => {
      const order = orderOf(params.order_id);
      const { page, limit } = v2Page(query);
      const lines = order.lines.slice((page - 1) * limit, page * limit);
      return v2List(lines.map((line) => toOrderProductView(order, line)));
    }),
  );

  router.get('/v2/orders/{order_id}/shipping_addresses', ({ params, query }) =>
    v2Answer(() => {
      const order = orderOf(params.order_id);
      const { page, limit } = v2Page(query);
      const addresses = order.shippingAddresses.slice((page - 1) * limit, page * limit);
      return v2List(addresses.map((a) => toShippingAddressView(order, a)));
    }),
  );

  router.get('/v2/orders/{order_id}/shipments', ({ params, query }) =>
    v2Answer(() => {
      const order = orderOf(params.order_id);
      const { page, limit } = v2Page(query);
      const shipments = order.shipments.slice((page - 1) * limit, page * limit);
      return v2List(shipments.map((s) => toShipmentView(order, s)));
    }),
  );

  router.get('/v2/orders/{order_id}/shipments/{shipment_id}', ({ params }) =>
    v2Answer(() => {
      const order = orderOf(params.order_id);
      const id = pathId(params.shipment_id);
      const shipment = order.shipments.find((s) => s.id === id);
      if (!shipment) throw v2NotFound();
      return { body: toShipmentView(order, shipment) };
    }),
  );

  router.add('POST', '/v2/orders/{order_id}/shipments', ({ req, params }) =>
    v2Answer(async () => {
      const order = orderOf(params.order_id);
      const body = await parseBody(req, shipmentSchema);
      try {
        const shipment = store.orders.addShipment(order, {
          orderAddressId: body.order_address_id,
          trackingNumber: body.tracking_number,
          trackingLink: body.tracking_link,
          shippingMethod: body.shipping_method,
          shippingProvider: body.shipping_provider,
          trackingCarrier: body.tracking_carrier,
          comments: body.comments,
          items: body.items.map((i) => ({
            orderProductId: i.order_product_id,
            quantity: i.quantity,
          })),
        });
        return { status: 201, body: toShipmentView(order, shipment) };
      } catch (error) {
        if (error instanceof OrderRefusal) throw new V2Error(error.status, error.message);
        throw error;
      }
    }),
  );
}
