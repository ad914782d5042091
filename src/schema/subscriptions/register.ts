import { builder } from '../builder.js';
import './product-events.js';
import './cart-events.js';
import './order-events.js';

builder.subscriptionType({
  description:
    'Live events over WebSocket (graphql-ws) or SSE, resumable: pass the last `eventId` seen as `after` (SSE: `Last-Event-ID`).',
});
