import { GraphQLError } from 'graphql';
import { hasScope } from '../../auth/viewer.js';
import type { Context } from '../../context.js';
import type { OrderListFilter } from '../../datasources/orders.js';
import type { BcCustomer } from '../../datasources/schemas/customers.js';
import { builder } from '../builder.js';
import {
  type ConnectionWindowArgs,
  resolveOffsetConnection,
} from '../catalog/offset-connection.js';
import { CustomerRef } from '../customers/customer.js';
import { connectionComplexity } from '../query-cost.js';
import { OrderRef } from './order.js';
import { OrderStatus, type OrderStatusId } from './order-status.js';

const CustomerOrderFilter = builder.inputType('CustomerOrderFilter', {
  description: 'Conditions a customer’s orders must meet.',
  fields: (t) => ({
    status: t.field({
      type: OrderStatus,
      required: false,
      description: 'Only orders in this status.',
    }),
  }),
});

/**
 * The customer's own orders, or any customer's for keys holding `orders:read`. A key without it
 * that may read the customer (`customers:read`) is refused the orders rather than shown none.
 */
function assertMayListOrders(ctx: Context, customer: BcCustomer): boolean {
  const { viewer } = ctx;
  if (viewer.kind === 'customer') return viewer.customerId === customer.id;
  if (viewer.kind !== 'anonymous' && hasScope(viewer, 'orders:read')) return true;
  throw new GraphQLError('Not allowed to read orders (needs the orders:read scope).', {
    extensions: { code: 'FORBIDDEN' },
  });
}

/** One page of the listing and the listing's size: two v2 calls, made together. */
function listCustomerOrders(
  ctx: Context,
  customerId: number,
  statusId: OrderStatusId | null | undefined,
  args: ConnectionWindowArgs,
) {
  const filter: OrderListFilter = { customer_id: customerId, status_id: statusId ?? undefined };
  let total: Promise<number> | undefined;
  return resolveOffsetConnection(args, async (page, limit) => {
    total ??= ctx.orders.countOrders(filter);
    const [items, count] = await Promise.all([
      ctx.orders.listOrders({ ...filter, page, limit, sort: 'date_created:desc' }),
      total,
    ]);
    for (const order of items) ctx.orderLoaders.orderById.prime(order.id, order);
    return { items, total: count };
  });
}

builder.objectField(CustomerRef, 'orders', (t) =>
  t.connection(
    {
      type: OrderRef,
      description: 'The customer’s orders, newest first.',
      args: {
        filter: t.arg({ type: CustomerOrderFilter, required: false, description: 'Conditions.' }),
      },
      // The page and the count: two upstream calls, then the selection once per order.
      complexity: (args) => {
        const base = connectionComplexity(args);
        return typeof base === 'object' ? { ...base, field: (base.field ?? 0) * 2 } : base * 2;
      },
      resolve: (customer, args, ctx) => {
        if (!assertMayListOrders(ctx, customer)) {
          return { edges: [], totalCount: 0, pageInfo: emptyPageInfo };
        }
        return listCustomerOrders(ctx, customer.id, args.filter?.status, args);
      },
    },
    { name: 'OrderConnection', description: 'A page of orders.' },
    { name: 'OrderEdge', description: 'An order in a page, with its cursor.' },
  ),
);

const emptyPageInfo = {
  hasNextPage: false,
  hasPreviousPage: false,
  startCursor: null,
  endCursor: null,
};
