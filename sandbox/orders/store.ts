import { randomBytes, randomUUID } from 'node:crypto';
import {
  orderData,
  orderStatusData,
  productInventoryData,
  skuInventoryData,
} from '../hooks/events.js';
import type { SandboxStore } from '../store.js';
import { type OrderLine, type OrderShipment, type SandboxOrder, STATUS } from './model.js';
import type { PlacedCheckout } from './placed-checkout.js';
import { historicalOrders } from './seed.js';

/** Order ids start where a new BigCommerce store's do. */
const FIRST_ORDER_ID = 100;

/** A shipment as `POST /v2/orders/{id}/shipments` asks for one, already validated. */
export interface ShipmentRequest {
  orderAddressId: number;
  trackingNumber: string;
  shippingProvider: string;
  trackingCarrier: string;
  trackingLink: string;
  shippingMethod: string;
  comments: string;
  items: { orderProductId: number; quantity: number }[];
}

/** Why a write was refused, for v2's `[{ status, message }]` answers. */
export class OrderRefusal extends Error {
  override readonly name = 'OrderRefusal';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Orders v2 with their products, addresses, shipments and payments, mutable in process. Placing an
 * order and moving its status call back the order hooks (`created`, `statusUpdated`, `updated`), and
 * the stock an order takes the `inventory/order/updated` ones; seeding history calls back nothing.
 */
export class OrderStore {
  private readonly orders: SandboxOrder[] = [];
  private readonly paymentTokens = new Map<string, number>();
  private seeded = false;
  private seeding = false;
  private ids = { order: FIRST_ORDER_ID, line: 1, address: 1, shipment: 1 };

  constructor(private readonly catalog: SandboxStore) {}

  /** Every order, by id ascending. Historical orders are seeded on first use (after the catalog). */
  all(): readonly SandboxOrder[] {
    if (!this.seeded) {
      this.seeded = true;
      this.seeding = true;
      for (const h of historicalOrders(this.catalog)) {
        const order = this.insert(h.placed, h.createdMs, h.statusId);
        if (h.shippedWith) this.shipAll(order, h.shippedWith, h.createdMs + 86_400_000);
      }
      this.seeding = false;
    }
    return this.orders;
  }

  get(id: number): SandboxOrder | undefined {
    return this.all().find((order) => order.id === id);
  }

  /**
   * Places an order from a priced checkout, as BigCommerce does for an order not yet paid: status
   * 1 (Pending), totals exactly the checkout's, and the stock of every line taken.
   */
  createFromCheckout(placed: PlacedCheckout): number {
    this.all();
    const order = this.insert(placed, Date.now(), STATUS.PENDING);
    this.catalog.hooks.emit('store/order/created', orderData(order.id));
    // A new order's status moves from 0 (none), as in the spec's `statusUpdated` example.
    this.catalog.hooks.emit(
      'store/order/statusUpdated',
      orderStatusData(order.id, 0, order.statusId),
    );
    for (const line of order.lines) this.takeStock(line);
    return order.id;
  }

  /** `PUT /v2/orders/{id}`: `store/order/updated`, and `statusUpdated` when the status moved. */
  updateStatus(id: number, statusId: number): SandboxOrder | undefined {
    const order = this.get(id);
    if (!order) return undefined;
    const previous = order.statusId;
    order.statusId = statusId;
    order.modifiedMs = Date.now();
    this.changed(order, previous);
    return order;
  }

  /** Adds a shipment; refuses lines that are not the order's or more than is left to ship. */
  addShipment(order: SandboxOrder, request: ShipmentRequest): OrderShipment {
    const address = order.shippingAddresses.find((a) => a.id === request.orderAddressId);
    if (!address)
      throw new OrderRefusal(400, 'The order_address_id is not an address of this order.');
    if (request.items.length === 0)
      throw new OrderRefusal(400, 'A shipment needs at least one item.');
    const lines = request.items.map((item) => {
      const line = order.lines.find((l) => l.id === item.orderProductId);
      if (!line || line.orderAddressId !== address.id) {
        throw new OrderRefusal(
          400,
          `Order product ${item.orderProductId} is not shipped to this address.`,
        );
      }
      if (item.quantity < 1 || item.quantity > line.quantity - line.quantityShipped) {
        throw new OrderRefusal(
          400,
          `Order product ${item.orderProductId}: quantity exceeds what is left to ship.`,
        );
      }
      return { line, quantity: item.quantity };
    });
    for (const { line, quantity } of lines) line.quantityShipped += quantity;
    const previous = order.statusId;
    const shipment: OrderShipment = {
      id: this.ids.shipment++,
      orderAddressId: address.id,
      createdMs: Date.now(),
      trackingNumber: request.trackingNumber,
      shippingProvider: request.shippingProvider,
      trackingCarrier: request.trackingCarrier,
      trackingLink: request.trackingLink,
      shippingMethod: request.shippingMethod || address.shippingMethod,
      comments: request.comments,
      items: lines.map(({ line, quantity }) => ({
        orderProductId: line.id,
        productId: line.productId,
        quantity,
      })),
    };
    order.shipments.push(shipment);
    const allShipped = order.lines.every((l) => l.quantityShipped >= l.quantity);
    order.statusId = allShipped ? STATUS.SHIPPED : STATUS.PARTIALLY_SHIPPED;
    order.modifiedMs = shipment.createdMs;
    if (allShipped) order.shippedMs = shipment.createdMs;
    this.changed(order, previous);
    return shipment;
  }

  /** A payment access token for the order (`POST /v3/payments/access_tokens`). */
  issuePaymentToken(orderId: number): string {
    const token = randomBytes(32).toString('hex');
    this.paymentTokens.set(token, orderId);
    return token;
  }

  /** The order a token was issued for; a token pays at most once, so it is spent here. */
  spendPaymentToken(token: string): number | undefined {
    const orderId = this.paymentTokens.get(token);
    this.paymentTokens.delete(token);
    return orderId;
  }

  /** Records a successful payment: the order moves on to Awaiting Fulfillment (11). */
  recordPayment(order: SandboxOrder, paymentMethodId: string, instrumentType: string): string {
    const transactionId = randomUUID();
    order.payment = { transactionId, paymentMethodId, instrumentType };
    const previous = order.statusId;
    order.statusId = STATUS.AWAITING_FULFILLMENT;
    order.modifiedMs = Date.now();
    this.changed(order, previous);
    return transactionId;
  }

  private insert(placed: PlacedCheckout, createdMs: number, statusId: number): SandboxOrder {
    const addressIds = new Map<string, number>();
    const shippingAddresses = placed.consignments.map((consignment) => {
      const id = this.ids.address++;
      for (const lineItemId of consignment.lineItemIds) addressIds.set(lineItemId, id);
      return {
        id,
        address: { ...consignment.address },
        shippingMethod: consignment.shippingMethod,
        costExTaxCents: consignment.shippingCostExTaxCents,
        costIncTaxCents: consignment.shippingCostIncTaxCents,
      };
    });
    const firstAddress = shippingAddresses[0]?.id ?? 0;
    const lines: OrderLine[] = placed.lineItems.map((item) => ({
      id: this.ids.line++,
      productId: item.productId,
      variantId: item.variantId,
      orderAddressId: addressIds.get(item.lineItemId) ?? firstAddress,
      name: item.name,
      sku: item.sku,
      quantity: item.quantity,
      quantityShipped: 0,
      unitPriceExTaxCents: item.unitPriceExTaxCents,
      totalExTaxCents: item.totalExTaxCents,
      totalIncTaxCents: item.totalIncTaxCents,
      options: item.options.map((o) => ({ ...o })),
    }));
    const shippingIncTax = placed.consignments.reduce((s, c) => s + c.shippingCostIncTaxCents, 0);
    const order: SandboxOrder = {
      id: this.ids.order++,
      customerId: placed.customerId,
      channelId: placed.channelId,
      cartId: placed.cartId,
      statusId,
      currencyCode: placed.currencyCode,
      createdMs,
      modifiedMs: createdMs,
      shippedMs: null,
      billingAddress: { ...placed.billingAddress },
      lines,
      shippingAddresses,
      shipments: [],
      couponCodes: placed.coupons.map((c) => c.code),
      subtotalExTaxCents: placed.subtotalExTaxCents,
      discountCents: placed.discountCents,
      shippingCostExTaxCents: placed.shippingCostExTaxCents,
      shippingCostIncTaxCents: shippingIncTax,
      taxCents: placed.taxCents,
      grandTotalCents: placed.grandTotalCents,
      payment: null,
    };
    this.orders.push(order);
    return order;
  }

  private shipAll(order: SandboxOrder, trackingNumber: string, atMs: number): void {
    for (const address of order.shippingAddresses) {
      const items = order.lines
        .filter((l) => l.orderAddressId === address.id)
        .map((l) => ({ orderProductId: l.id, quantity: l.quantity }));
      const status = order.statusId;
      const shipment = this.addShipment(order, {
        orderAddressId: address.id,
        trackingNumber,
        shippingProvider: 'ups',
        trackingCarrier: '',
        trackingLink: '',
        shippingMethod: '',
        comments: '',
        items,
      });
      shipment.createdMs = atMs;
      // A seeded order keeps the status its history gave it (Completed comes after Shipped).
      order.statusId = status;
      order.modifiedMs = atMs;
      order.shippedMs = atMs;
    }
  }

  /** An order changed: `store/order/updated`, after `statusUpdated` when its status moved. */
  private changed(order: SandboxOrder, previousStatus: number): void {
    if (this.seeding) return;
    const { hooks } = this.catalog;
    if (order.statusId !== previousStatus) {
      hooks.emit(
        'store/order/statusUpdated',
        orderStatusData(order.id, previousStatus, order.statusId),
      );
    }
    hooks.emit('store/order/updated', orderData(order.id));
  }

  /**
   * Takes the line's quantity off the stock BigCommerce tracks for it (product or variant), with
   * the `inventory/order/updated` callback of that level (`relative`: changed by an order).
   */
  private takeStock(line: OrderLine): void {
    const product = this.catalog.getProduct(line.productId);
    if (!product) return;
    const { hooks } = this.catalog;
    if (product.inventory_tracking === 'product') {
      const before = product.inventory_level;
      product.inventory_level = Math.max(0, before - line.quantity);
      const moved = product.inventory_level - before;
      if (moved !== 0) {
        const data = productInventoryData(product.id, 'relative', moved);
        hooks.emit('store/product/inventory/order/updated', data);
      }
    } else if (product.inventory_tracking === 'variant') {
      const variant = this.catalog.getVariant(line.productId, line.variantId);
      if (variant && variant.inventory_level !== null) {
        const before = variant.inventory_level;
        variant.inventory_level = Math.max(0, before - line.quantity);
        const moved = variant.inventory_level - before;
        if (moved !== 0) {
          const data = skuInventoryData(product.id, variant.id, 'relative', moved);
          hooks.emit('store/sku/inventory/order/updated', data);
        }
      }
    }
  }
}
