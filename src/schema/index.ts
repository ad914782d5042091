import { builder } from './builder.js';
import './catalog/product.js';
import './catalog/variant.js';
import './catalog/brand.js';
import './catalog/category.js';
import './catalog/queries.js';
import './customers/customer.js';
import './customers/session-mutations.js';
// commerce: one line per domain module (carts, checkout, orders, payments, customer writes).
import './webhook-admin/register.js';
import './promotions/register.js';
import './catalog-admin/register.js';
import './inventory/register.js';
import './commerce/register.js';
import './customers/commerce.js';
import './orders/register.js';
import './commerce/common-errors.js';
import './subscriptions/register.js';

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items the whole listing has, across all pages.',
    resolve: (connection) => connection.totalCount,
  }),
);

export const schema = builder.toSchema();
