// Every orders module that registers types or fields: `schema/index.ts` imports this one file.
import './order.js';
import './customer-orders.js';
import './order-mutations.js';
import './payment-mutations.js';
